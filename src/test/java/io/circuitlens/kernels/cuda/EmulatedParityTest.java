package io.circuitlens.kernels.cuda;

/**
 * The CUDA backend's parity checks on the emulated driver: CudaKernels' launch code and the real kernels/*.cu,
 * run on the host. Runs wherever g++ is installed; skips with a message otherwise.
 */
class EmulatedParityTest extends CudaParityChecks {
    @Override
    CudaDriver openDriver() {
        return TestDrivers.emulated(getClass());
    }
}
