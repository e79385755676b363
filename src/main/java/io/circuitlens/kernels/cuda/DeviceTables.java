package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.Prepared;

/**
 * A host description with its device tables, all in one block of device memory (one allocation, one upload at
 * most). Closing it returns the block to the pool; a closed description cannot be used.
 */
abstract class DeviceTables<T> implements Prepared<T> {
    private final T host;
    private final DevicePool pool;
    private final long bytes;
    private long base;
    private boolean closed;

    DeviceTables(T host, DevicePool pool, long bytes) {
        this.host = host;
        this.pool = pool;
        this.bytes = bytes;
        this.base = bytes == 0 ? 0 : pool.take(bytes);
    }

    @Override
    public T host() {
        return host;
    }

    /** The device address {@code byteOffset} bytes into the block. */
    final long at(long byteOffset) {
        if (closed) throw new IllegalStateException("prepared " + host.getClass().getSimpleName() + " used after close");
        return base + byteOffset;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (bytes != 0) pool.give(base, bytes);
        base = 0;
    }
}
