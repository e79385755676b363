package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.Buf;

/** A CPU buffer: a plain float array on the Java heap. */
final class CpuBuf implements Buf {
    final float[] a;
    /** Whether the backend allocated the array (so it may be pooled on release); uploads wrap caller arrays. */
    final boolean owned;
    boolean released;

    CpuBuf(float[] a, boolean owned) {
        this.a = a;
        this.owned = owned;
    }

    @Override
    public long size() {
        return a.length;
    }
}
