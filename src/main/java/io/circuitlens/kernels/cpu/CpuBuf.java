package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.Buf;

/** A CPU buffer: a plain float array on the Java heap. */
final class CpuBuf implements Buf {
    final float[] a;

    CpuBuf(float[] a) {
        this.a = a;
    }

    @Override
    public long size() {
        return a.length;
    }
}
