package io.circuitlens.kernels;

/**
 * float32 memory owned by one {@link Kernels} backend (a Java array on the CPU, device memory on a GPU). Model code
 * only passes these handles and element offsets around; it never reads the values directly.
 */
public interface Buf {
    /** Number of float elements. */
    long size();
}
