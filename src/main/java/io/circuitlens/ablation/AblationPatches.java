package io.circuitlens.ablation;

import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.HookName;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;

/**
 * Turns "ablate these components at this hook in this batch row" into a patch of the chosen kind, at every position:
 * zero, the mean value (per-position shaped, broadcast over positions), the same prompt's corrupted activation, or a
 * scale factor. Holds what the patches read (means, corrupted cache) but does not own it.
 */
final class AblationPatches {
    private final AblationSpec spec;
    private final ComponentMeans means;
    private final ActivationCache corrupted;

    AblationPatches(AblationSpec spec, ComponentMeans means, ActivationCache corrupted) {
        this.spec = spec;
        this.means = means;
        this.corrupted = corrupted;
        if (spec.kind() == Ablation.MEAN && means == null) throw new IllegalArgumentException("mean ablation needs means");
        if (spec.kind() == Ablation.RESAMPLE && corrupted == null) throw new IllegalArgumentException("resample ablation needs the corrupted run");
    }

    AblationSpec spec() {
        return spec;
    }

    /** Ablates components {@code idx} at a hook in one batch row (or every row); resample reads the row's own prompt. */
    void add(PatchPlan.Builder plan, HookName hook, int row, int[] idx) {
        Selection all = Selection.all();
        Selection sel = Selection.of(idx);
        switch (spec.kind()) {
            case ZERO -> plan.zero(hook, row, all, sel);
            case MEAN -> plan.setValue(hook, row, all, sel, means.value(hook));
            case RESAMPLE -> plan.set(hook, row, all, sel, corrupted, -1);
            case AMPLIFY -> plan.scale(hook, row, all, sel, spec.factor());
        }
    }
}
