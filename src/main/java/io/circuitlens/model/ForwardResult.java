package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.tensor.FloatTensor;

/** Logits (where they were asked for) and the activation cache of one forward pass. */
public final class ForwardResult implements AutoCloseable {
    private final Kernels kernels;
    private final PassLayout pass;
    private final BatchLayout layout;
    private final ForwardOptions.Logits mode;
    private Buf logits;
    private final int vocab;
    private ActivationCache cache;
    private final ForwardTape tape;

    ForwardResult(Kernels kernels, PassLayout pass, ForwardOptions.Logits mode, Buf logits, int vocab, ActivationCache cache,
                  ForwardTape tape) {
        this.kernels = kernels;
        this.pass = pass.retain();
        this.layout = pass.host;
        this.mode = mode;
        this.logits = logits;
        this.vocab = vocab;
        this.cache = cache;
        this.tape = tape;
    }

    /** What the backward pass needs (null unless the pass was run {@link ForwardOptions#forBackward()}). */
    ForwardTape tape() {
        return tape;
    }

    ForwardOptions.Logits mode() {
        return mode;
    }

    PassLayout pass() {
        return pass;
    }

    /** Which prompt of the cached run each row continues (the identity for a pass from the embeddings), on the backend. */
    public Prepared<RowMap> rows() {
        return pass.rows;
    }

    public BatchLayout layout() {
        return layout;
    }

    public ActivationCache cache() {
        if (cache == null) throw new IllegalStateException("the cache was detached from this result");
        return cache;
    }

    /** Hands the cache over to the caller: closing this result no longer frees it. */
    public ActivationCache detachCache() {
        ActivationCache c = cache();
        cache = null;
        return c;
    }

    /** Backend buffer of the logits: [prompts, vocab] for LAST, [rows, vocab] for ALL (rows packed per prompt). */
    public Buf logitsBuffer() {
        if (logits == null) throw new IllegalStateException("this forward pass kept no logits");
        return logits;
    }

    /** Hands the logits buffer over to the caller (who releases it): e.g. a reference distribution kept for a metric. */
    public Buf detachLogits() {
        Buf b = logitsBuffer();
        logits = null;
        return b;
    }

    /** Next-token logits at the prompt's last real token, [vocab]. */
    public float[] lastLogits(int prompt) {
        checkPrompt(prompt);
        long row = switch (mode) {
            case LAST -> prompt;
            case ALL -> layout.lastRow(prompt);
            case NONE -> throw new IllegalStateException("this forward pass computed no logits");
        };
        float[] out = new float[vocab];
        kernels.download(logits, row * vocab, out, 0, vocab);
        return out;
    }

    /** Next-token logits of every prompt at its last real token, [prompts × vocab] row-major, in one copy. */
    public float[] lastLogitsAll() {
        int n = layout.prompts();
        float[] out = new float[Math.multiplyExact(n, vocab)];
        if (mode == ForwardOptions.Logits.LAST) {
            kernels.download(logits, 0, out, 0, out.length);
            return out;
        }
        for (int p = 0; p < n; p++) System.arraycopy(lastLogits(p), 0, out, p * vocab, vocab);
        return out;
    }

    /** Logits at every position of a prompt, [len, vocab] (needs {@link ForwardOptions.Logits#ALL}). */
    public FloatTensor logits(int prompt) {
        checkPrompt(prompt);
        if (mode != ForwardOptions.Logits.ALL) throw new IllegalStateException("logits at all positions were not computed (mode " + mode + ")");
        int len = layout.length(prompt);
        FloatTensor out = FloatTensor.zeros(len, vocab);
        kernels.download(logits, (long) layout.rowStart()[prompt] * vocab, out.data(), 0, len * vocab);
        return out;
    }

    private void checkPrompt(int prompt) {
        if (prompt < 0 || prompt >= layout.prompts()) {
            throw new CircuitLensException("prompt " + prompt + " is out of range: the batch has " + layout.prompts() + " prompts");
        }
    }

    @Override
    public void close() {
        if (logits != null) kernels.release(logits);
        logits = null;
        if (cache != null) cache.close();
        cache = null;
        if (tape != null) tape.close();
        pass.release();
    }
}
