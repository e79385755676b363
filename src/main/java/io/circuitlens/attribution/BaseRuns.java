package io.circuitlens.attribution;

import io.circuitlens.circuit.Direction;

import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookKind;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Run;
import io.circuitlens.runs.RunSetup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The clean and corrupted runs every method starts from: their metrics, and caches (on the backend) of the residual
 * stream (where patched passes start), of the hooks the components live at (the values moved to and from) and of
 * the keys and values (which passes that recompute only the positions after a pair's common prefix read).
 */
final class BaseRuns implements AutoCloseable {
    final Run clean;
    final Run corrupted;
    /** Per pair, the first position where clean and corrupted differ: patched passes recompute only from there. */
    private final int[] unchangedBefore;
    private final Direction direction;

    BaseRuns(Run clean, Run corrupted, int[] unchangedBefore, Direction direction) {
        this.clean = clean;
        this.corrupted = corrupted;
        this.unchangedBefore = unchangedBefore;
        this.direction = direction;
    }

    static BaseRuns of(PatchedRuns engine, RunSetup setup, Collection<HookType> hooks, Direction direction) {
        // the residual stream where passes start, and the keys and values their reused prefixes read
        List<String> patterns = new ArrayList<>(List.of("blocks.*.hook_resid_pre", "blocks.*.hook_resid_mid", "blocks.*.attn.hook_k",
                "blocks.*.attn.hook_v"));
        for (HookType h : hooks) patterns.add("blocks.*." + h.suffix());
        HookFilter keep = HookFilter.of(patterns.toArray(String[]::new));
        Run clean = engine.run(setup.clean(), keep, PatchPlan.empty(), true);
        try {
            int[] unchanged = Batch.firstDifferences(setup.clean(), setup.corrupted());
            return new BaseRuns(clean, engine.run(setup.corrupted(), keep, PatchPlan.empty(), false), unchanged, direction);
        } catch (RuntimeException e) {
            clean.close();
            throw e;
        }
    }

    /**
     * Where passes patching {@code hook} may start recomputing, per pair (see {@code RowGroup}); null for attention
     * patterns, which a window pass does not hold.
     */
    int[] unchangedBefore(HookName hook) {
        return hook.kind() == HookKind.ATTN ? null : unchangedBefore;
    }

    ActivationCache base() {
        return (direction.baseIsClean() ? clean : corrupted).cache();
    }

    ActivationCache source() {
        return (direction.baseIsClean() ? corrupted : clean).cache();
    }

    float[] baseMetric() {
        return (direction.baseIsClean() ? clean : corrupted).metric();
    }

    @Override
    public void close() {
        clean.close();
        corrupted.close();
    }
}
