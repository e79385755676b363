package io.circuitlens.model;

import io.circuitlens.kernels.Buf;

/**
 * Where a hook's activation lives: for row-shaped hooks, a rows × cols matrix at {@code offset} with row stride
 * {@code ld} (q, k and v are column blocks of the fused qkv buffer); for attention hooks, the packed
 * [head, query, key] blocks of the batch starting at {@code offset}.
 */
record HookView(Buf buf, long offset, int ld, int cols) {
    static HookView rows(Buf buf, long offset, int ld, int cols) {
        return new HookView(buf, offset, ld, cols);
    }

    static HookView dense(Buf buf, int cols) {
        return new HookView(buf, 0, cols, cols);
    }

    static HookView attention(Buf buf) {
        return new HookView(buf, 0, 0, 0);
    }
}
