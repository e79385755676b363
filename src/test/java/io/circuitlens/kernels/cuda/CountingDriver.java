package io.circuitlens.kernels.cuda;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A driver that runs another and counts what crosses between host and device (bytes uploaded and downloaded) and
 * the device allocations made and freed: what the transfer and memory tests compare, on either driver.
 */
final class CountingDriver implements CudaDriver {
    private final CudaDriver inner;
    final AtomicLong uploaded = new AtomicLong();
    final AtomicLong downloaded = new AtomicLong();
    final AtomicLong allocations = new AtomicLong();
    final AtomicLong frees = new AtomicLong();

    CountingDriver(CudaDriver inner) {
        this.inner = inner;
    }

    long moved() {
        return uploaded.get() + downloaded.get();
    }

    @Override
    public KernelFunction function(String family, String name) {
        return inner.function(family, name);
    }

    @Override
    public long allocate(long bytes) {
        long a = inner.allocate(bytes);
        allocations.incrementAndGet();
        return a;
    }

    @Override
    public void free(long address) {
        inner.free(address);
        frees.incrementAndGet();
    }

    @Override
    public void upload(long dst, float[] src, int srcIndex, int count) {
        inner.upload(dst, src, srcIndex, count);
        uploaded.addAndGet(4L * count);
    }

    @Override
    public void upload(long dst, byte[] src) {
        inner.upload(dst, src);
        uploaded.addAndGet(src.length);
    }

    @Override
    public void download(long src, float[] dst, int dstIndex, int count) {
        inner.download(src, dst, dstIndex, count);
        downloaded.addAndGet(4L * count);
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        inner.copy(dst, src, bytes);
    }

    @Override
    public void launch(KernelFunction function, Dim3 grid, Dim3 block, KernelArgs args) {
        inner.launch(function, grid, block, args);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb, float beta,
                      long c, int ldc) {
        inner.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public MemoryInfo memoryInfo() {
        return inner.memoryInfo();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
