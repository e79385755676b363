package io.circuitlens.model;

import io.circuitlens.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The patches of one batched forward pass. Different rows can be patched differently (row i at head 3, row j at
 * head 5 with another alpha): this is what turns "one forward pass per patch" into one batched pass. Patches at
 * the same hook are applied in the order they were added; caching sees the patched value.
 */
public final class PatchPlan {
    private static final PatchPlan EMPTY = new PatchPlan(List.of());

    private final List<Patch> patches;
    private final Map<HookName, List<Patch>> byHook;

    private PatchPlan(List<Patch> patches) {
        this.patches = List.copyOf(patches);
        Map<HookName, List<Patch>> m = new TreeMap<>();
        for (Patch p : patches) m.computeIfAbsent(p.hook(), h -> new ArrayList<>()).add(p);
        this.byHook = m;
    }

    public static PatchPlan empty() {
        return EMPTY;
    }

    public static PatchPlan of(List<Patch> patches) {
        return new PatchPlan(patches);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Patch> patches() {
        return patches;
    }

    public boolean isEmpty() {
        return patches.isEmpty();
    }

    public List<Patch> at(HookName hook) {
        return byHook.getOrDefault(hook, Collections.emptyList());
    }

    public java.util.Set<HookName> hooks() {
        return Collections.unmodifiableSet(byHook.keySet());
    }

    /** Fluent construction of a plan. */
    public static final class Builder {
        private final List<Patch> patches = new ArrayList<>();

        public Builder add(Patch p) {
            patches.add(p);
            return this;
        }

        /** Activation patching: copy the source run's activation (prompt sourcePrompt, −1 = same row). */
        public Builder set(HookName hook, int row, Selection positions, Selection components, ActivationCache source, int sourcePrompt) {
            return add(new Patch(hook, row, positions, components, new PatchOp.FromCache(source, sourcePrompt, 1f)));
        }

        /** base + alpha·(source − base). */
        public Builder interpolate(HookName hook, int row, Selection positions, Selection components, ActivationCache source,
                                   int sourcePrompt, float alpha) {
            return add(new Patch(hook, row, positions, components, new PatchOp.FromCache(source, sourcePrompt, alpha)));
        }

        /**
         * Every row's activation moved along the path from + α·(to − from) between two cached runs, α taken per row's
         * step from {@code alphas} (see {@link PatchOp.Interpolate}); {@code components}: all, or one.
         */
        public Builder alongPath(HookName hook, Selection components, ActivationCache from, ActivationCache to, float[] alphas) {
            return add(new Patch(hook, Patch.ALL_ROWS, Selection.all(), components, new PatchOp.Interpolate(from, to, alphas.clone())));
        }

        public Builder zero(HookName hook, int row, Selection positions, Selection components) {
            return add(new Patch(hook, row, positions, components, new PatchOp.Zero()));
        }

        public Builder setValue(HookName hook, int row, Selection positions, Selection components, FloatTensor value) {
            return add(new Patch(hook, row, positions, components, new PatchOp.SetValue(value)));
        }

        public Builder addValue(HookName hook, int row, Selection positions, Selection components, FloatTensor value, float scale) {
            return add(new Patch(hook, row, positions, components, new PatchOp.AddValue(value, scale)));
        }

        public Builder scale(HookName hook, int row, Selection positions, Selection components, float factor) {
            return add(new Patch(hook, row, positions, components, new PatchOp.Scale(factor)));
        }

        public PatchPlan build() {
            return new PatchPlan(patches);
        }
    }
}
