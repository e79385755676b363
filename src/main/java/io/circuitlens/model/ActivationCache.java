package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.UnitGrouping;
import io.circuitlens.tensor.FloatTensor;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Activations kept from one batched forward pass (or gradients from a backward pass), on the backend that computed
 * them (so they can be patched into another run, or summed per component, without a round trip to the host). Read
 * one prompt's activation with {@link #get}; shapes are the TransformerLens per-prompt shapes ([pos, d_model],
 * [pos, head, d_head], [head, query, key], ...).
 */
public final class ActivationCache implements AutoCloseable {
    private final Kernels kernels;
    private final Gpt2Config cfg;
    private final PassLayout layout;
    private final SortedMap<HookName, Buf> buffers = new TreeMap<>();
    private boolean closed;

    ActivationCache(Kernels kernels, Gpt2Config cfg, PassLayout layout) {
        this.kernels = kernels;
        this.cfg = cfg;
        this.layout = layout.retain();
    }

    /** Copies the activation out of the forward's working buffers (which later layers reuse). */
    void store(HookName hook, HookView view) {
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        BatchLayout lay = layout.host;
        Buf copy;
        if (hook.kind() == HookKind.ATTN) {
            copy = kernels.alloc(lay.attnSize());
            kernels.copy(view.buf(), view.offset(), copy, 0, lay.attnSize());
        } else {
            copy = kernels.alloc((long) lay.rows() * hl.cols());
            kernels.copy2d(view.buf(), view.offset(), view.ld(), copy, 0, hl.cols(), lay.rows(), hl.cols());
        }
        Buf old = buffers.put(hook, copy);
        if (old != null) kernels.release(old);
    }

    public Gpt2Config config() {
        return cfg;
    }

    public BatchLayout layout() {
        return layout.host;
    }

    PassLayout passLayout() {
        return layout;
    }

    public int prompts() {
        return layout.host.prompts();
    }

    public int length(int prompt) {
        return layout.host.length(prompt);
    }

    public boolean contains(HookName hook) {
        return buffers.containsKey(hook);
    }

    public boolean contains(String hook) {
        return contains(HookName.parse(hook));
    }

    /** The cached hooks, in forward order. */
    public java.util.Set<HookName> hooks() {
        return Collections.unmodifiableSet(buffers.keySet());
    }

    public FloatTensor get(String hook, int prompt) {
        return get(HookName.parse(hook), prompt);
    }

    /** One prompt's activation at a hook, copied to the host. */
    public FloatTensor get(HookName hook, int prompt) {
        Buf buf = buffer(hook);
        if (prompt < 0 || prompt >= prompts()) {
            throw new CircuitLensException("prompt " + prompt + " is out of range: the cache holds " + prompts() + " prompts");
        }
        checkWhole();
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        int len = length(prompt);
        FloatTensor out = FloatTensor.zeros(hl.shape(len));
        long start = hl.address(HookView.dense(buf, hl.cols()), layout.host, prompt, 0, 0);
        kernels.download(buf, start, out.data(), 0, out.data().length);
        return out;
    }

    /**
     * Per-component sums of this cache's value at a hook times a delta, computed on the backend: row i of the result is
     * Σ over each component's elements of this[i]·(to[p] − from[p]) with p the prompt row i copies ({@code from} null:
     * this[i]·to[p]; both null: this[i] alone). Components are the hook's heads or neurons ({@code perComponent}), else
     * the whole row; {@code positions} > 0 keeps one score per position (padded to that many), else sums over them.
     * This is how a gradient and an activation patch's delta become attribution scores; only [rows, units] floats
     * come back to the host.
     */
    public float[] unitSums(HookName hook, boolean perComponent, int positions, ActivationCache to, ActivationCache from) {
        Buf a = buffer(hook);
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        int groups = perComponent ? hl.components() : 1;
        boolean perPosition = positions > 0;
        UnitGrouping g = hook.kind() == HookKind.ATTN ? UnitGrouping.attention(cfg.nHeads(), perPosition, positions)
                : UnitGrouping.rows(hl.cols(), groups, perPosition, positions);
        if (hook.kind() == HookKind.ATTN && !perComponent) {
            throw new IllegalArgumentException("attention hooks are summed per head");
        }
        PassLayout b = to == null ? null : to.layout;
        if (from != null && !from.layout.host.equals(b.host)) throw new IllegalArgumentException("from and to caches differ in layout");
        if (b != null && layout.rows.host().maxPrompt() >= b.host.prompts()) {
            throw new IllegalArgumentException("rows copy prompt " + layout.rows.host().maxPrompt() + " of a cache of " + b.host.prompts());
        }
        int rows = layout.host.prompts();
        long n = (long) rows * g.unitsPerRow();
        Buf out = kernels.alloc(n);
        try {
            kernels.groupedDot(g, a, 0, hl.cols(), layout.prepared, to == null ? null : to.buffer(hook), from == null ? null : from.buffer(hook),
                    0, hl.cols(), b == null ? null : b.prepared, layout.rows, out);
            float[] host = new float[Math.toIntExact(n)];
            kernels.download(out, 0, host, 0, host.length);
            return host;
        } finally {
            kernels.release(out);
        }
    }

    /** Σ over each row's positions of every column of a row-shaped hook: [rows, cols] (e.g. for means over tokens). */
    public float[] columnSums(HookName hook) {
        if (hook.kind() == HookKind.ATTN) throw new IllegalArgumentException("column sums are for row-shaped hooks");
        Buf a = buffer(hook);
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        UnitGrouping g = UnitGrouping.rows(hl.cols(), hl.cols(), false, 0);
        int rows = prompts();
        Buf out = kernels.alloc((long) rows * hl.cols());
        try {
            kernels.groupedDot(g, a, 0, hl.cols(), layout.prepared, null, null, 0, hl.cols(), null, layout.rows, out);
            float[] host = new float[rows * hl.cols()];
            kernels.download(out, 0, host, 0, host.length);
            return host;
        } finally {
            kernels.release(out);
        }
    }

    /** Σ of squares of each row's activation at a hook (e.g. a gradient's squared norm), summed on the backend. */
    public float[] rowSquares(HookName hook) {
        Buf a = buffer(hook);
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        boolean attention = hook.kind() == HookKind.ATTN;
        UnitGrouping g = attention ? UnitGrouping.attention(cfg.nHeads(), false, 0) : UnitGrouping.rows(hl.cols(), 1, false, 0);
        int rows = prompts();
        Buf out = kernels.alloc((long) rows * g.unitsPerRow());
        try (var self = kernels.prepare(io.circuitlens.kernels.RowMap.identity(rows))) {
            kernels.groupedDot(g, a, 0, hl.cols(), layout.prepared, a, null, 0, hl.cols(), layout.prepared, self, out);
            float[] parts = new float[rows * g.unitsPerRow()];
            kernels.download(out, 0, parts, 0, parts.length);
            float[] sums = new float[rows];
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int u = 0; u < g.unitsPerRow(); u++) s += parts[r * g.unitsPerRow() + u];
                sums[r] = (float) s;
            }
            return sums;
        } finally {
            kernels.release(out);
        }
    }

    /**
     * Row {@code row}'s activation at a hook times the activation of the prompt it copies in {@code other}, elementwise,
     * in the per-prompt shape (e.g. pattern ⊙ gradient, attention attribution); multiplied on the backend.
     */
    public FloatTensor product(HookName hook, int row, ActivationCache other) {
        checkWhole();
        int p = layout.rows.host().prompt(row);
        int len = length(row);
        if (other.length(p) != len) throw new IllegalArgumentException("row " + row + " and prompt " + p + " differ in length");
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        long n = hl.size(len);
        long aStart = hl.address(HookView.dense(null, hl.cols()), layout.host, row, 0, 0);
        long bStart = hl.address(HookView.dense(null, hl.cols()), other.layout.host, p, 0, 0);
        Buf a = kernels.alloc(n);
        Buf b = kernels.alloc(n);
        try {
            kernels.copy(buffer(hook), aStart, a, 0, n);
            kernels.copy(other.buffer(hook), bStart, b, 0, n);
            kernels.mul(a, b, a, n);
            FloatTensor out = FloatTensor.zeros(hl.shape(len));
            kernels.download(a, 0, out.data(), 0, out.data().length);
            return out;
        } finally {
            kernels.release(a);
            kernels.release(b);
        }
    }

    /** Per-prompt tensors need every position: gradients of a pass that reused a prefix hold only the later ones. */
    private void checkWhole() {
        if (layout.host.windowed()) {
            throw new IllegalStateException("this cache holds only the positions its pass recomputed (a reused prefix); sum it per component instead");
        }
    }

    /** Device buffer of a cached hook (dense: ld = cols, or the packed attention blocks). */
    Buf buffer(HookName hook) {
        if (closed) throw new IllegalStateException("the cache was closed");
        Buf buf = buffers.get(hook);
        if (buf == null) {
            throw new CircuitLensException("hook point '" + hook + "' is not in the cache (cached: " + summary() + ")");
        }
        return buf;
    }

    private String summary() {
        if (buffers.isEmpty()) return "none";
        String s = String.join(", ", buffers.keySet().stream().limit(5).map(HookName::toString).toList());
        return buffers.size() > 5 ? s + ", ... (" + buffers.size() + " hooks)" : s;
    }

    /** All cached hooks of one prompt as one map, for writing to a file. */
    public Map<String, FloatTensor> toTensors(int prompt) {
        Map<String, FloatTensor> out = new java.util.LinkedHashMap<>();
        for (HookName h : buffers.keySet()) out.put(h.toString(), get(h, prompt));
        return out;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Buf b : buffers.values()) kernels.release(b);
        buffers.clear();
        layout.release();
    }
}
