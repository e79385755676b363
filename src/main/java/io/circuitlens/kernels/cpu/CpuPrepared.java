package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.Prepared;

/** On the CPU a prepared description is the host object itself: the kernels read it directly. */
record CpuPrepared<T>(T host) implements Prepared<T> {
    @Override
    public void close() {
        // heap objects: nothing to free
    }
}
