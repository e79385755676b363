package io.circuitlens.model;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Working buffers of one forward pass, reused by every layer (cached hooks are copied out, so reuse is safe).
 * Buffers that only some runs need (per-head results, a separate MLP input) are allocated on first use.
 */
final class Scratch implements AutoCloseable {
    private final Kernels k;
    private final Gpt2Config cfg;
    private final BatchLayout layout;
    private final List<Buf> owned = new ArrayList<>();

    final Buf resid;
    final Buf ln;
    final Buf scale;
    final Buf qkv;
    final Buf scores;
    final Buf pattern;
    final Buf z;
    final Buf attnOut;
    final Buf pre;
    final Buf post;
    final Buf mlpOut;
    private Buf result;
    private Buf resultOriginal;
    private Buf mlpIn;
    private Buf qkvFull;
    private Buf zFull;
    private final BatchLayout full;

    /** For a pass on {@code layout} whose attention runs over {@code full} (the same unless the pass is a window). */
    Scratch(Kernels k, Gpt2Config cfg, BatchLayout layout, BatchLayout full) {
        this.k = k;
        this.cfg = cfg;
        this.layout = layout;
        this.full = full;
        long rows = layout.rows();
        int d = cfg.dModel();
        resid = own(rows * d);
        ln = own(rows * d);
        scale = own(rows);
        qkv = own(rows * 3 * d);
        scores = own(full.attnSize());
        pattern = own(full.attnSize());
        z = own(rows * d);
        attnOut = own(rows * d);
        pre = own(rows * cfg.dMlp());
        post = own(rows * cfg.dMlp());
        mlpOut = own(rows * d);
    }

    private Buf own(long n) {
        Buf b = k.alloc(n);
        owned.add(b);
        return b;
    }

    /** [rows, head, d_model] per-head attention outputs; only when hook_result is cached or patched. */
    Buf result() {
        if (result == null) result = own((long) layout.rows() * cfg.nHeads() * cfg.dModel());
        return result;
    }

    /** The unpatched per-head outputs, kept only while hook_result is patched. */
    Buf resultOriginal() {
        if (resultOriginal == null) resultOriginal = own((long) layout.rows() * cfg.nHeads() * cfg.dModel());
        return resultOriginal;
    }

    /** A copy of resid_mid for the MLP input; only when hook_mlp_in is patched (so the residual stays unpatched). */
    Buf mlpIn() {
        if (mlpIn == null) mlpIn = own((long) layout.rows() * cfg.dModel());
        return mlpIn;
    }

    /**
     * [full rows, 3·d_model] q, k and v over the whole prompts of a window pass (the prefix's queries are never written,
     * so they stay 0: their outputs are dropped).
     */
    Buf qkvFull() {
        if (qkvFull == null) qkvFull = own(3L * full.rows() * cfg.dModel());
        return qkvFull;
    }

    /** [full rows, d_model] attention mix over the whole prompts, before the pass keeps the rows it computes. */
    Buf zFull() {
        if (zFull == null) zFull = own((long) full.rows() * cfg.dModel());
        return zFull;
    }

    @Override
    public void close() {
        for (Buf b : owned) k.release(b);
        owned.clear();
    }
}
