package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.IntBuf;

/** A CPU int buffer: a plain int array on the Java heap. */
final class CpuIntBuf implements IntBuf {
    final int[] a;

    CpuIntBuf(int[] a) {
        this.a = a;
    }

    @Override
    public long size() {
        return a.length;
    }
}
