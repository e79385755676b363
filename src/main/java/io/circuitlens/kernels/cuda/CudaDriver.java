package io.circuitlens.kernels.cuda;

/**
 * The few device operations {@link CudaKernels} is written in: memory, copies, launching a kernel of the PTX modules
 * built from {@code kernels/*.cu}, and SGEMM. {@link JCudaDriver} implements them with the CUDA driver API and
 * cuBLAS; the tests' emulated driver runs the same kernels' C++ source on the host, so the launch code is exercised
 * without a GPU. Device memory is addressed by plain {@code long} device addresses (offsets are added in bytes).
 * Operations run in order, as on one stream; downloads wait for the work before them.
 */
public interface CudaDriver extends AutoCloseable {

    /** A kernel of family {@code family} ({@code kernels/<family>.cu}), its module loaded once. */
    KernelFunction function(String family, String name);

    /**
     * Device memory of {@code bytes} (> 0) bytes, not initialised.
     *
     * @throws DeviceOutOfMemoryException when the device has too little free memory
     */
    long allocate(long bytes);

    void free(long address);

    /** Host floats src[srcIndex ..+ count) to device memory at {@code dst}. */
    void upload(long dst, float[] src, int srcIndex, int count);

    /** Host bytes (tables packed little-endian, see {@link HostTable}) to device memory at {@code dst}. */
    void upload(long dst, byte[] src);

    /** Device floats at {@code src} to dst[dstIndex ..+ count), after all work issued before. */
    void download(long src, float[] dst, int dstIndex, int count);

    /** Device to device; the two ranges must not overlap. */
    void copy(long dst, long src, long bytes);

    /** Launches a kernel on grid × block threads, no dynamic shared memory (see kernels/README.md). */
    void launch(KernelFunction function, Dim3 grid, Dim3 block, KernelArgs args);

    /**
     * cuBLAS's SGEMM, column-major as BLAS defines it: C = alpha·op(A)·op(B) + beta·C with op(A) m × k, op(B) k × n,
     * C m × n; with beta = 0, C is not read. Addresses point at each matrix's first element.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb,
               float beta, long c, int ldc);

    /** Free and total device memory now, in bytes (cuMemGetInfo). */
    MemoryInfo memoryInfo();

    /** One line: the device, the driver and library versions, the GEMM path and its precision. */
    String describe();

    @Override
    void close();

    /** A loaded kernel: opaque to {@link CudaKernels}, which only passes it back to {@link #launch}. */
    interface KernelFunction {
        String name();
    }

    /** Grid or block dimensions. */
    record Dim3(int x, int y, int z) {
        public Dim3 {
            if (x < 1 || y < 1 || z < 1) throw new IllegalArgumentException("dimensions " + x + " × " + y + " × " + z);
        }

        public static Dim3 of(int x) {
            return new Dim3(x, 1, 1);
        }
    }

    record MemoryInfo(long free, long total) {}
}
