package io.circuitlens.model;

import io.circuitlens.kernels.BatchLayout;

/**
 * Shapes and element addresses of one hook point for a batch: the single place that knows how
 * (prompt, position, component) maps to a contiguous run of floats, used by caching and patching alike.
 * A "component" is a head for per-head hooks, a neuron for MLP hooks and one dimension otherwise.
 */
record HookLayout(HookKind kind, Gpt2Config cfg) {

    /** Width of one position's row in a dense copy. */
    int cols() {
        return switch (kind) {
            case RESID, HEAD -> cfg.dModel();
            case SCALE -> 1;
            case RESULT -> cfg.nHeads() * cfg.dModel();
            case MLP -> cfg.dMlp();
            case ATTN -> 0;
        };
    }

    /** Number of selectable components per position. */
    int components() {
        return switch (kind) {
            case RESID -> cfg.dModel();
            case SCALE -> 1;
            case HEAD, RESULT, ATTN -> cfg.nHeads();
            case MLP -> cfg.dMlp();
        };
    }

    /** Length of the run of floats one (position, component) covers. */
    int componentWidth(int len) {
        return switch (kind) {
            case RESID, SCALE, MLP -> 1;
            case HEAD -> cfg.dHead();
            case RESULT -> cfg.dModel();
            case ATTN -> len;
        };
    }

    /** Per-prompt shape, as TransformerLens reports it for one batch element. */
    int[] shape(int len) {
        return switch (kind) {
            case RESID -> new int[] {len, cfg.dModel()};
            case SCALE -> new int[] {len, 1};
            case HEAD -> new int[] {len, cfg.nHeads(), cfg.dHead()};
            case RESULT -> new int[] {len, cfg.nHeads(), cfg.dModel()};
            case MLP -> new int[] {len, cfg.dMlp()};
            case ATTN -> new int[] {cfg.nHeads(), len, len};
        };
    }

    /** Number of floats one prompt of this length holds. */
    long size(int len) {
        return kind == HookKind.ATTN ? (long) cfg.nHeads() * len * len : (long) len * cols();
    }

    /** Start of the run for (prompt, position, component) in a view of this batch (a position the layout holds). */
    long address(HookView view, BatchLayout layout, int prompt, int pos, int component) {
        int len = layout.length(prompt);
        if (kind == HookKind.ATTN) {
            return view.offset() + layout.attnStart()[prompt] + ((long) component * len + pos) * len;
        }
        // a window's rows start at its offset
        return view.offset() + (long) (layout.rowStart()[prompt] + pos - layout.offset(prompt)) * view.ld() + (long) component * componentWidth(len);
    }

    /** Start of the run for (position, component) in a host/device tensor holding one prompt (dense, per-prompt shape). */
    long addressInPrompt(int len, int pos, int component) {
        if (kind == HookKind.ATTN) return ((long) component * len + pos) * len;
        return (long) pos * cols() + (long) component * componentWidth(len);
    }
}
