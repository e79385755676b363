package io.circuitlens.kernels.backends;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.Precision;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.kernels.cuda.CudaKernels;
import io.circuitlens.kernels.cuda.CudaUnavailableException;
import io.circuitlens.kernels.cuda.JCudaDriver;

/**
 * Opens the backend the library and the CLI run on ({@code --device}, {@code --precision}, {@code --threads}). A
 * package of its own above {@code kernels.cpu} and {@code kernels.cuda}: it knows both implementations, which the
 * {@code kernels} package (their shared interface) must not.
 */
public final class Backends {
    private Backends() {}

    /**
     * The kernels for a device: CPU (Java, {@code threads} threads), CUDA (device 0, cuBLAS in the given precision)
     * or AUTO (CUDA when a device and the libraries load, else the CPU). The returned {@link Backend#choice()} says
     * which backend and GEMM path it picked and, for AUTO, why.
     *
     * @throws CircuitLensException with a one-line message when CUDA is asked for and cannot run (naming what is
     *                              missing), when threads &lt; 1, or for tf32 on the CPU
     */
    public static Backend open(Device device, Precision precision, int threads) {
        if (threads < 1) throw new CircuitLensException("--threads must be at least 1, got " + threads);
        return switch (device) {
            case CPU -> {
                if (precision == Precision.TF32) throw new CircuitLensException("--precision tf32 needs the CUDA backend (--device cuda or auto)");
                yield cpu(threads, "--device cpu");
            }
            case CUDA -> {
                try {
                    yield cuda(precision, "--device cuda");
                } catch (CudaUnavailableException e) {
                    throw new CircuitLensException("--device cuda: " + e.getMessage(), e);
                }
            }
            case AUTO -> {
                try {
                    yield cuda(precision, "--device auto found a CUDA device");
                } catch (CudaUnavailableException e) {
                    String tf32 = precision == Precision.TF32 ? "; tf32 applies to CUDA only" : "";
                    yield cpu(threads, "--device auto: no usable CUDA device: " + e.getMessage() + tf32);
                }
            }
        };
    }

    private static Backend cpu(int threads, String why) {
        Kernels k = new CpuKernels(new Parallel(threads));
        return new Backend(k, Device.CPU, "backend " + k.describe() + " (" + why + ")");
    }

    private static Backend cuda(Precision precision, String why) {
        CudaKernels k = new CudaKernels(JCudaDriver.open(precision));
        return new Backend(k, Device.CUDA, "backend " + k.describe() + " (" + why + ")");
    }
}
