package io.circuitlens.model;

import io.circuitlens.CircuitLensException;
import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.tensor.FloatTensor;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Activations kept from one batched forward pass, on the backend that computed them (so they can be patched into
 * another run without a round trip to the host). Read one prompt's activation with {@link #get}; shapes are the
 * TransformerLens per-prompt shapes ([pos, d_model], [pos, head, d_head], [head, query, key], ...).
 */
public final class ActivationCache implements AutoCloseable {
    private final Kernels kernels;
    private final Gpt2Config cfg;
    private final BatchLayout layout;
    private final SortedMap<HookName, Buf> buffers = new TreeMap<>();

    ActivationCache(Kernels kernels, Gpt2Config cfg, BatchLayout layout) {
        this.kernels = kernels;
        this.cfg = cfg;
        this.layout = layout;
    }

    /** Copies the activation out of the forward's working buffers (which later layers reuse). */
    void store(HookName hook, HookView view) {
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        Buf copy;
        if (hook.kind() == HookKind.ATTN) {
            copy = kernels.alloc(layout.attnSize());
            kernels.copy2d(view.buf(), view.offset(), 0, copy, 0, 0, 1, Math.toIntExact(layout.attnSize()));
        } else {
            copy = kernels.alloc((long) layout.rows() * hl.cols());
            kernels.copy2d(view.buf(), view.offset(), view.ld(), copy, 0, hl.cols(), layout.rows(), hl.cols());
        }
        Buf old = buffers.put(hook, copy);
        if (old != null) kernels.release(old);
    }

    public Gpt2Config config() {
        return cfg;
    }

    public BatchLayout layout() {
        return layout;
    }

    public int prompts() {
        return layout.prompts();
    }

    public int length(int prompt) {
        return layout.length(prompt);
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
        if (prompt < 0 || prompt >= layout.prompts()) {
            throw new CircuitLensException("prompt " + prompt + " is out of range: the cache holds " + layout.prompts() + " prompts");
        }
        HookLayout hl = new HookLayout(hook.kind(), cfg);
        int len = layout.length(prompt);
        FloatTensor out = FloatTensor.zeros(hl.shape(len));
        long start = hl.address(HookView.dense(buf, hl.cols()), layout, prompt, 0, 0);
        kernels.download(buf, start, out.data(), 0, out.data().length);
        return out;
    }

    /** Device buffer of a cached hook (dense: ld = cols, or the packed attention blocks). */
    Buf buffer(HookName hook) {
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

    /** All cached hooks of all prompts as one map, for writing to a file. */
    public Map<String, FloatTensor> toTensors(int prompt) {
        Map<String, FloatTensor> out = new java.util.LinkedHashMap<>();
        for (HookName h : buffers.keySet()) out.put(h.toString(), get(h, prompt));
        return out;
    }

    @Override
    public void close() {
        for (Buf b : buffers.values()) kernels.release(b);
        buffers.clear();
    }
}
