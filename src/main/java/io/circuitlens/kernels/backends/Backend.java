package io.circuitlens.kernels.backends;

import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cuda.CudaKernels;

import java.util.OptionalLong;

/**
 * An opened backend: its kernels, which device it runs on, and one line saying which backend and GEMM path was
 * picked and why (for the CLI to print on stderr: the library never prints). Closing it closes the kernels.
 */
public record Backend(Kernels kernels, Device device, String choice) implements AutoCloseable {

    /**
     * Device memory free for the engine now, in bytes, from which a memory budget can be taken (CUDA); empty on the
     * CPU, whose budget comes from the Java heap.
     */
    public OptionalLong freeDeviceMemory() {
        return kernels instanceof CudaKernels c ? OptionalLong.of(c.memoryInfo().free()) : OptionalLong.empty();
    }

    @Override
    public void close() {
        kernels.close();
    }
}
