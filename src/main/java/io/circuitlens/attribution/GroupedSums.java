package io.circuitlens.attribution;

import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookKind;

/**
 * Sums of grad ⊙ delta over the elements that make up each component of a granularity, for one prompt at one hook.
 * The per-prompt hook layouts are TransformerLens': [pos, head, d_head], [pos, d_mlp], [head, query, key],
 * [pos, d_model]. Sums are in double: a head's score adds up thousands of products.
 */
final class GroupedSums {
    private GroupedSums() {}

    /** Number of scores one prompt of length len yields (padded position axes use maxLen in the output). */
    static int units(Granularity g, Gpt2Config cfg, int len) {
        return switch (g.grouping()) {
            case COMPONENT -> g.components(cfg);
            case COMPONENT_POSITION -> g.components(cfg) * len;
            case POSITION -> len;
            case WHOLE -> 1;
        };
    }

    /**
     * out[u] = Σ grad·delta over unit u's elements (units ordered component-major, then position). {@code delta} null
     * means the elements of grad alone are summed (a gradient times a unit vector).
     */
    static double[] sum(Granularity g, Gpt2Config cfg, int len, float[] grad, float[] delta) {
        HookKind kind = g.hook().kind();
        int comps = g.components(cfg);
        double[] out = new double[units(g, cfg, len)];
        if (kind == HookKind.ATTN) { // [head, query, key]: components are heads, positions are queries
            for (int h = 0; h < cfg.nHeads(); h++) {
                for (int q = 0; q < len; q++) {
                    double s = 0;
                    int base = (h * len + q) * len;
                    for (int key = 0; key < len; key++) s += product(grad, delta, base + key);
                    out[unit(g, h, q, len)] += s;
                }
            }
            return out;
        }
        boolean perComponent = g.grouping() == Granularity.Grouping.COMPONENT || g.grouping() == Granularity.Grouping.COMPONENT_POSITION;
        int groups = perComponent ? comps : 1; // groups within one position's row
        int cols = grad.length / len;
        int width = cols / groups;
        for (int pos = 0; pos < len; pos++) {
            for (int c = 0; c < groups; c++) {
                int from = pos * cols + c * width;
                double s = 0;
                for (int i = from; i < from + width; i++) s += product(grad, delta, i);
                out[unit(g, c, pos, len)] += s;
            }
        }
        return out;
    }

    private static double product(float[] a, float[] b, int i) {
        return b == null ? a[i] : (double) a[i] * b[i];
    }

    private static int unit(Granularity g, int component, int pos, int len) {
        return switch (g.grouping()) {
            case COMPONENT -> component;
            case COMPONENT_POSITION -> component * len + pos;
            case POSITION -> pos;
            case WHOLE -> 0;
        };
    }

    /** Elements per unit in the TransformerLens hook that defines the "mean" convention (--reduce mean). */
    static double meanDivisor(Granularity g, Gpt2Config cfg, int len) {
        return switch (g) {
            case HEADS -> (double) len * cfg.dModel(); // hook_result [pos, d_model] per head
            case NEURONS -> len;
            case HEAD_POS -> cfg.dModel();
            case Q, K, V -> (double) len * cfg.dHead();
            case PATTERN -> (double) len * len;
            case ATTN_OUT, MLP_OUT -> (double) len * cfg.dModel();
            case RESID -> cfg.dModel();
        };
    }
}
