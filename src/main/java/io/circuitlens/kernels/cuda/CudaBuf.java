package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.Buf;

/** float32 device memory of the CUDA backend: an address from the {@link DevicePool} and its length in floats. */
final class CudaBuf implements Buf {
    /** Where the block starts (0 for an empty buffer); use {@link #at} to read it while the buffer is live. */
    final long address;
    private final long size;
    boolean released;

    CudaBuf(long address, long size) {
        this.address = address;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    long bytes() {
        return 4 * size;
    }

    /** The device address of element {@code offset}. */
    long at(long offset) {
        if (released) throw new IllegalStateException("buffer used after release");
        return address + 4 * offset;
    }

    long address() {
        return at(0);
    }
}
