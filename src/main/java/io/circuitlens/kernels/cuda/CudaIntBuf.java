package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.IntBuf;

/**
 * int32 device memory (token ids, positions, row indices), with the host values kept: kernels cannot throw, so the
 * launcher checks indices against them before a gather or scatter reads them on the device.
 */
final class CudaIntBuf implements IntBuf {
    final long address;
    final int[] host;
    boolean released;

    CudaIntBuf(long address, int[] host) {
        this.address = address;
        this.host = host;
    }

    @Override
    public long size() {
        return host.length;
    }

    long address() {
        if (released) throw new IllegalStateException("int buffer used after release");
        return address;
    }

    /** Throws unless the first {@code count} values lie in [0, bound). */
    void checkIndices(int count, long bound, String what) {
        if (count > host.length) throw new IllegalArgumentException(what + ": " + count + " indices but the buffer holds " + host.length);
        for (int i = 0; i < count; i++) {
            if (host[i] < 0 || host[i] >= bound) {
                throw new IndexOutOfBoundsException(what + ": index " + i + " is " + host[i] + ", outside [0, " + bound + ")");
            }
        }
    }
}
