package io.circuitlens.report;

import java.util.List;

/** Attention patterns of some heads on one prompt: its token strings and, per head, the [query, key] probabilities. */
public record AttentionPatterns(String text, List<String> tokens, List<Head> heads) {
    /** One head's pattern, row-major [query][key] over the prompt's tokens. */
    public record Head(int layer, int head, float[] pattern) {
        public String label() {
            return layer + "." + head;
        }
    }

    public AttentionPatterns {
        tokens = List.copyOf(tokens);
        heads = List.copyOf(heads);
        for (Head h : heads) {
            if (h.pattern().length != tokens.size() * tokens.size()) throw new IllegalArgumentException("pattern of " + h.label() + " is not tokens x tokens");
        }
    }
}
