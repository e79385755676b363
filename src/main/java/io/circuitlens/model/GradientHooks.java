package io.circuitlens.model;

import io.circuitlens.kernels.PatchSegments;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;

import java.util.List;
import java.util.Map;

/**
 * The backward pass's side of the hook points: records the gradient at hooks that are asked for (the gradient of
 * the metric w.r.t. the hook's value as the forward pass used it, i.e. after its patches), then sends the gradient
 * back through that hook's patches, and tells the pass when it has reached the hook where it should stop.
 */
final class GradientHooks {
    private final Kernels k;
    private final HookFilter wanted;
    private final Map<HookName, List<HookRuntime.AppliedPatch>> patches;
    private final HookName stopAt;
    private final ActivationCache gradients;
    private final PassWindows windows;
    private PassLayout now;

    private final List<Prepared<PatchSegments>> compiled = new java.util.ArrayList<>();

    /** Gradients are kept in the layout the pass started on ({@code windows.main}); {@code now} is where the pass ends. */
    GradientHooks(Kernels k, Gpt2Config cfg, PassWindows windows, PassLayout now, HookFilter wanted,
                  Map<HookName, List<HookRuntime.AppliedPatch>> patches, HookName stopAt) {
        this.k = k;
        this.wanted = wanted;
        this.patches = patches;
        this.stopAt = stopAt;
        this.windows = windows;
        this.now = now;
        this.gradients = new ActivationCache(k, cfg, windows.main);
    }

    /** The backward pass has gone below the last layer's attention mix: from here its rows are the pass's first ones. */
    void backToMainRows() {
        now = windows.main;
    }

    /** Frees the segments compiled during the backward pass. */
    void closeCompiled() {
        for (Prepared<PatchSegments> p : compiled) p.close();
        compiled.clear();
    }

    ActivationCache gradients() {
        return gradients;
    }

    boolean patched(HookName hook) {
        return !patches.getOrDefault(hook, List.of()).isEmpty();
    }

    boolean wanted(HookName hook) {
        return wanted.test(hook) || hook.equals(stopAt);
    }

    /**
     * Records (if wanted) and back-propagates through the patches, in place; true when the pass should stop here (the
     * gradient below the patches is then never read, so it is not computed).
     */
    boolean at(HookName hook, HookView grad) {
        if (wanted(hook)) store(hook, grad);
        if (hook.equals(stopAt)) return true;
        List<HookRuntime.AppliedPatch> applied = patches.getOrDefault(hook, List.of());
        for (int i = applied.size() - 1; i >= 0; i--) {
            HookRuntime.AppliedPatch a = applied.get(i);
            Prepared<PatchSegments> segs = a.segments();
            if (segs == null) {
                segs = k.prepare(a.overwritten().get());
                compiled.add(segs);
            }
            k.patchBackward(grad.buf(), segs, a.mode());
        }
        return false;
    }

    private void store(HookName hook, HookView grad) {
        if (hook.kind() == HookKind.ATTN && windows.windowed()) {
            throw new IllegalArgumentException("gradient at " + hook + ": a pass that reuses a prefix keeps no attention-pattern gradients");
        }
        if (now == windows.main) {
            gradients.store(hook, grad);
            return;
        }
        // Only the metric rows were computed here; every other position's gradient is exactly 0 (nothing after the
        // last attention mix reads it), so the kept gradient is those rows placed in zeros.
        int cols = grad.cols();
        Buf spread = k.alloc((long) windows.main.host.rows() * cols);
        try {
            windows.move(grad.buf(), grad.offset(), grad.ld(), now, spread, 0, cols, windows.main, cols);
            gradients.store(hook, HookView.dense(spread, cols));
        } finally {
            k.release(spread);
        }
    }

    /**
     * For a hook whose gradient branches off one that flows on unchanged (hook_mlp_out, hook_attn_out, hook_embed):
     * the same buffer, or a copy when the hook was patched, so its patch does not alter the other branch.
     */
    Buf branch(HookName hook, Buf grad, long n, List<Buf> temps) {
        if (!patched(hook)) return grad;
        Buf copy = k.alloc(n);
        temps.add(copy);
        k.copy(grad, 0, copy, 0, n);
        return copy;
    }
}
