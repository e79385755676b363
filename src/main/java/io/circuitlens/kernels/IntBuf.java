package io.circuitlens.kernels;

/** int32 memory owned by one {@link Kernels} backend: token ids, positions, row indices. */
public interface IntBuf {
    long size();
}
