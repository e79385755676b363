package io.circuitlens.runs;

import io.circuitlens.model.Gpt2Config;

/**
 * What one row (a prompt of {@code len} tokens) costs in a batched pass, counted from the buffers the forward and
 * backward passes allocate (float32). Per token, the forward pass's working buffers hold 8·d_model + 2·d_mlp + 1
 * floats plus the attention scores and pattern (2·n_head·len); the row's next-token logits add n_vocab. A pass with
 * gradients keeps, for every layer it runs, the inputs of both layer norms, qkv, the pattern and the MLP
 * pre-activation (5·d_model + d_mlp + 2 + n_head·len per token), and its backward working set adds one layer's
 * gradients (7·d_model + 2·d_mlp + 2 + 2·n_head·len per token) plus the logits' gradient. Caches of hooks add their
 * widths. GPT-2 small, 16 tokens: ~1 MB per row forward, ~6 MB per row with gradients from layer 0.
 */
public final class PassCost {
    private PassCost() {}

    /**
     * Bytes of one row: {@code startStage} is where the pass begins (a {@code model.StartPoint} stage, 4L + 0..3; 0 from
     * the embeddings), {@code backward} whether it keeps a tape and runs a backward pass, {@code extraFloatsPerToken} what
     * cached or recorded hooks add per token.
     */
    public static long rowBytes(Gpt2Config c, int len, int startStage, boolean backward, long extraFloatsPerToken) {
        return rowBytes(c, len, len, startStage, backward, extraFloatsPerToken);
    }

    /**
     * {@link #rowBytes(Gpt2Config, int, int, boolean, long)} for a row that recomputes only its last {@code window}
     * positions (a reused prefix): row-wise buffers hold the window, while attention's q, k, v, mix and pattern (and
     * their gradients) still cover the whole prompt.
     */
    public static long rowBytes(Gpt2Config c, int len, int window, int startStage, boolean backward, long extraFloatsPerToken) {
        long d = c.dModel();
        long f = c.dMlp();
        long attn = (long) c.nHeads() * len;
        long perToken = 8 * d + 2 * f + 1 + extraFloatsPerToken;
        long perFullToken = 2 * attn + (window < len ? 4 * d : 0); // whole-prompt q, k, v and mix of a window
        long perRow = c.dVocab() + d;
        if (backward) {
            long layers = c.nLayers() - startStage / 4;
            perToken += layers * (2 * d + f + 2) + (3 * d + 2 * f + 2) + 3 * d + 2;
            perFullToken += layers * (3 * d + attn) + 4 * d + 2 * attn;
            perRow += c.dVocab() + d;
        }
        return 4 * (perToken * window + perFullToken * len + perRow);
    }
}
