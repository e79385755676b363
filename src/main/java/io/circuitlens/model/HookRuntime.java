package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.PatchMode;
import io.circuitlens.kernels.PatchSegments;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens at each hook point during one forward pass: the plan's patches are compiled to contiguous segments
 * and run by the backend's patch kernel, then the (patched) value is cached if the filter asks for it. Hooks that
 * are neither patched nor cached cost nothing.
 */
final class HookRuntime implements AutoCloseable {
    private final Kernels kernels;
    private final Gpt2Config cfg;
    private final PassWindows windows;
    private final HookFilter cacheFilter;
    private final PatchPlan plan;
    private final ActivationCache cache;
    private final Map<FloatTensor, Buf> uploadedValues = new IdentityHashMap<>();
    private final Map<HookName, List<AppliedPatch>> applied = new java.util.HashMap<>();
    private final List<Prepared<PatchSegments>> prepared = new ArrayList<>();

    /**
     * A patch as executed, kept so the backward pass can send gradients through it: compiled segments with their
     * mode, or (for an interpolation from two caches, which overwrites the value) the region whose gradient becomes 0,
     * compiled only if a backward pass ever reaches it.
     */
    record AppliedPatch(Prepared<PatchSegments> segments, PatchMode mode, java.util.function.Supplier<PatchSegments> overwritten) {}

    HookRuntime(Kernels kernels, Gpt2Config cfg, PassWindows windows, HookFilter cacheFilter, PatchPlan plan) {
        this.kernels = kernels;
        this.cfg = cfg;
        this.windows = windows;
        this.cacheFilter = cacheFilter;
        this.plan = plan;
        this.cache = new ActivationCache(kernels, cfg, windows.main);
        for (HookName h : plan.hooks()) h.checkLayers(cfg.nLayers());
        int prompts = windows.main.host.prompts();
        for (Patch p : plan.patches()) {
            if (p.row() >= prompts) {
                throw new CircuitLensException("patch at " + p.hook() + " targets batch row " + p.row() + " but the batch has " + prompts + " prompts");
            }
            if (p.hook().kind() == HookKind.ATTN && windows.windowed()) {
                throw new IllegalArgumentException("patch at " + p.hook() + ": a pass that reuses a prefix cannot patch attention patterns");
            }
        }
    }

    boolean patched(HookName hook) {
        return !plan.at(hook).isEmpty();
    }

    /** Whether anything observes or changes this hook (so the forward must materialise it). */
    boolean active(HookName hook) {
        return patched(hook) || cacheFilter.test(hook);
    }

    ActivationCache cache() {
        return cache;
    }

    /** The patches executed at a hook in this pass, in order (empty if none). */
    List<AppliedPatch> applied(HookName hook) {
        return applied.getOrDefault(hook, List.of());
    }

    /** Patches, then caches, the activation at a hook; row-shaped views hold the rows of the pass's layout now. */
    void at(HookName hook, HookView view) {
        List<Patch> patches = plan.at(hook);
        if (!patches.isEmpty()) apply(hook, view, patches);
        if (cacheFilter.test(hook)) cache.store(hook, view);
    }

    private void apply(HookName hook, HookView view, List<Patch> patches) {
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        // Consecutive patches with the same mode and source run as one kernel call.
        int i = 0;
        while (i < patches.size()) {
            if (patches.get(i).op() instanceof PatchOp.Interpolate path) {
                interpolate(hook, hl, view, patches.get(i), path);
                i++;
                continue;
            }
            PatchMode mode = mode(patches.get(i).op());
            Buf src = source(hook, patches.get(i).op());
            Segments segs = new Segments();
            int j = i;
            while (j < patches.size() && mode(patches.get(j).op()) == mode && source(hook, patches.get(j).op()) == src) {
                compile(hook, hl, view, windows.now().host, patches.get(j), segs);
                j++;
            }
            Prepared<PatchSegments> compiled = kernels.prepare(segs.build());
            prepared.add(compiled);
            kernels.patch(view.buf(), src, compiled, mode);
            applied.computeIfAbsent(hook, h -> new ArrayList<>()).add(new AppliedPatch(compiled, mode, null));
            i = j;
        }
    }

    /** Every row from the two caches in one kernel call: the whole hook, or one component's slice of it. */
    private void interpolate(HookName hook, HookLayout hl, HookView view, Patch p, PatchOp.Interpolate path) {
        if (p.row() != Patch.ALL_ROWS || !p.positions().isAll()) {
            throw new IllegalArgumentException("an interpolation along a path covers every row and position");
        }
        ActivationCache from = path.from();
        ActivationCache to = path.to();
        for (ActivationCache c : List.of(from, to)) {
            if (!c.config().equals(cfg)) throw new CircuitLensException("patch at " + hook + ": the source cache comes from a different model");
        }
        if (!from.layout().equals(to.layout())) throw new IllegalArgumentException("patch at " + hook + ": the two caches hold different prompts");
        PassLayout pass = windows.now();
        BatchLayout layout = pass.host;
        if (pass.rows.host().maxPrompt() >= to.prompts()) {
            throw new CircuitLensException("patch at " + hook + ": rows copy prompt " + pass.rows.host().maxPrompt() + " but the caches hold "
                    + to.prompts());
        }
        int steps = 0;
        for (int r = 0; r < layout.prompts(); r++) steps = Math.max(steps, pass.rows.host().step(r) + 1);
        if (path.alphas().length < steps) throw new IllegalArgumentException("patch at " + hook + ": " + steps + " steps but " + path.alphas().length + " alphas");
        int[] comps = p.components().resolve(hl.components(), "patch at " + hook + ": component");
        if (!p.components().isAll() && comps.length != 1) throw new IllegalArgumentException("an interpolation moves all components or one");
        Buf alphas = uploaded(new FloatTensor(new int[] {path.alphas().length}, path.alphas()));
        Buf fromBuf = from.buffer(hook);
        Buf toBuf = to.buffer(hook);
        if (hook.kind() == HookKind.ATTN) {
            int first = p.components().isAll() ? 0 : comps[0];
            int heads = p.components().isAll() ? cfg.nHeads() : 1;
            kernels.interpolatePromptBlocks(view.buf(), pass.prepared, fromBuf, toBuf, from.passLayout().prepared, pass.rows, alphas, first, heads);
        } else {
            int width = hl.componentWidth(0);
            long offset = p.components().isAll() ? 0 : (long) comps[0] * width;
            int cols = p.components().isAll() ? hl.cols() : width;
            kernels.interpolatePromptRows(view.buf(), view.offset() + offset, view.ld(), pass.prepared, fromBuf, toBuf, offset, hl.cols(),
                    from.passLayout().prepared, pass.rows, alphas, cols);
        }
        // the gradient w.r.t. the value this pass computed is 0 where the interpolation wrote
        Patch zero = new Patch(hook, Patch.ALL_ROWS, Selection.all(), p.components(), new PatchOp.Zero());
        applied.computeIfAbsent(hook, h -> new ArrayList<>()).add(new AppliedPatch(null, PatchMode.ZERO, () -> {
            Segments segs = new Segments();
            compile(hook, hl, view, layout, zero, segs);
            return segs.build();
        }));
    }

    private static PatchMode mode(PatchOp op) {
        return switch (op) {
            case PatchOp.FromCache f -> PatchMode.BLEND;
            case PatchOp.SetValue v -> PatchMode.BLEND;
            case PatchOp.AddValue a -> PatchMode.ADD;
            case PatchOp.Zero z -> PatchMode.ZERO;
            case PatchOp.Scale sc -> PatchMode.BLEND;
            case PatchOp.Interpolate i -> throw new IllegalStateException("interpolations run on their own");
        };
    }

    private Buf source(HookName hook, PatchOp op) {
        return switch (op) {
            case PatchOp.FromCache f -> {
                if (!f.source().config().equals(cfg)) {
                    throw new CircuitLensException("patch at " + hook + ": the source cache comes from a different model (" + f.source().config() + ")");
                }
                yield f.source().buffer(hook);
            }
            case PatchOp.SetValue v -> uploaded(v.value());
            case PatchOp.AddValue a -> uploaded(a.value());
            case PatchOp.Zero z -> null;
            // x·f = x + (1 − f)·(0 − x): a blend toward a zero source, which also gives the right gradient (× f)
            case PatchOp.Scale sc -> uploaded(zerosFor(hook));
            case PatchOp.Interpolate i -> throw new IllegalStateException("interpolations run on their own");
        };
    }

    private final Map<HookName, FloatTensor> zeros = new java.util.HashMap<>();

    /** A zero source as wide as one position's row of the hook (one per hook, so segments can share it). */
    private FloatTensor zerosFor(HookName hook) {
        return zeros.computeIfAbsent(hook, h -> {
            HookLayout hl = new HookLayout(h.kind(), cfg);
            int maxLen = windows.full.host.maxLength();
            int width = h.kind() == HookKind.ATTN ? cfg.nHeads() * maxLen * maxLen : hl.cols();
            return FloatTensor.zeros(width);
        });
    }

    private Buf uploaded(FloatTensor t) {
        return uploadedValues.computeIfAbsent(t, v -> kernels.upload(v.data().clone()));
    }

    /**
     * Segments of one patch in a pass on {@code layout}. Positions before a window's first are left out: the pass
     * does not hold them, and reusing the prefix promised that the patches leave them as they were.
     */
    private void compile(HookName hook, HookLayout hl, HookView view, BatchLayout layout, Patch p, Segments segs) {
        int first = p.row() == Patch.ALL_ROWS ? 0 : p.row();
        int last = p.row() == Patch.ALL_ROWS ? layout.prompts() - 1 : p.row();
        String compName = hook.kind().perHead() ? "head" : hook.kind() == HookKind.MLP ? "neuron" : "component";
        for (int row = first; row <= last; row++) {
            int len = layout.end(row);
            int[] positions = p.positions().resolve(len, "patch at " + hook + ": position");
            int[] comps = p.components().resolve(hl.components(), "patch at " + hook + ": " + compName);
            int width = hl.componentWidth(len);
            Source src = sourceFor(hook, hl, p.op(), row, len);
            for (int pos : positions) {
                if (pos < layout.offset(row)) continue;
                for (int c : comps) {
                    long dstAddr = hl.address(view, layout, row, pos, c);
                    // zero ablation reads no source: mirror the destination so adjacent runs still merge
                    long srcAddr = src == null ? dstAddr : src.address(pos, c);
                    segs.add(dstAddr, srcAddr, width, src == null ? 1f : src.alpha);
                }
            }
        }
    }

    /** Address function into a patch's source for one batch row. */
    private record Source(HookLayout hl, BatchLayout srcLayout, int srcPrompt, int len, boolean perPosition, float alpha) {
        long address(int pos, int comp) {
            if (srcLayout != null) return hl.address(HookView.dense(null, hl.cols()), srcLayout, srcPrompt, pos, comp);
            return hl.addressInPrompt(len, perPosition ? pos : 0, comp);
        }
    }

    private Source sourceFor(HookName hook, HookLayout hl, PatchOp op, int row, int len) {
        return switch (op) {
            case PatchOp.Zero z -> null;
            case PatchOp.FromCache f -> {
                ActivationCache c = f.source();
                int sp = f.sourcePrompt() < 0 ? windows.main.rows.host().prompt(row) : f.sourcePrompt();
                if (sp >= c.prompts()) {
                    throw new CircuitLensException("patch at " + hook + ": source prompt " + sp + " is out of range (the source cache holds " + c.prompts() + " prompts)");
                }
                if (c.length(sp) != len) {
                    throw new CircuitLensException("patch at " + hook + ": batch row " + row + " has " + len + " tokens but source prompt " + sp
                            + " has " + c.length(sp) + "; patched prompt pairs must have the same token length");
                }
                yield new Source(hl, c.layout(), sp, len, true, f.alpha());
            }
            case PatchOp.SetValue v -> valueSource(hook, hl, v.value(), len, 1f);
            case PatchOp.AddValue a -> valueSource(hook, hl, a.value(), len, a.scale());
            case PatchOp.Scale sc -> new Source(hl, null, 0, len, false, 1f - sc.factor());
            case PatchOp.Interpolate i -> throw new IllegalStateException("interpolations run on their own");
        };
    }

    private Source valueSource(HookName hook, HookLayout hl, FloatTensor value, int len, float alpha) {
        int[] full = hl.shape(len);
        if (Arrays.equals(value.shape(), full)) return new Source(hl, null, 0, len, true, alpha);
        if (hook.kind() != HookKind.ATTN && Arrays.equals(value.shape(), Arrays.copyOfRange(full, 1, full.length))) {
            return new Source(hl, null, 0, len, false, alpha);
        }
        throw new CircuitLensException("patch at " + hook + ": value has shape " + Arrays.toString(value.shape()) + ", expected "
                + Arrays.toString(Arrays.copyOfRange(full, 1, full.length)) + " or " + Arrays.toString(full));
    }

    /** Growable segment list that merges runs which continue the previous one. */
    private static final class Segments {
        private long[] dst = new long[16];
        private long[] src = new long[16];
        private int[] len = new int[16];
        private float[] alpha = new float[16];
        private int n;

        void add(long d, long s, int l, float a) {
            if (n > 0 && dst[n - 1] + len[n - 1] == d && src[n - 1] + len[n - 1] == s && alpha[n - 1] == a
                    && (long) len[n - 1] + l <= Integer.MAX_VALUE) {
                len[n - 1] += l;
                return;
            }
            if (n == dst.length) {
                int cap = n * 2;
                dst = Arrays.copyOf(dst, cap);
                src = Arrays.copyOf(src, cap);
                len = Arrays.copyOf(len, cap);
                alpha = Arrays.copyOf(alpha, cap);
            }
            dst[n] = d;
            src[n] = s;
            len[n] = l;
            alpha[n] = a;
            n++;
        }

        PatchSegments build() {
            return new PatchSegments(Arrays.copyOf(dst, n), Arrays.copyOf(src, n), Arrays.copyOf(len, n), Arrays.copyOf(alpha, n));
        }
    }

    /** The compiled segments, for a tape to keep until its backward pass is done (this runtime then leaves them alone). */
    List<Prepared<PatchSegments>> handOverSegments() {
        List<Prepared<PatchSegments>> out = new ArrayList<>(prepared);
        prepared.clear();
        return out;
    }

    @Override
    public void close() {
        for (Buf b : uploadedValues.values()) kernels.release(b);
        uploadedValues.clear();
        for (Prepared<PatchSegments> p : prepared) p.close();
        prepared.clear();
    }
}
