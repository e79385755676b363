package io.circuitlens.kernels.cuda;

/** CudaKernels' edge cases on the emulated driver (skipped with a message where g++ is missing). */
class EmulatedKernelsTest extends CudaKernelChecks {
    @Override
    CudaDriver openDriver() {
        return TestDrivers.emulated(getClass());
    }
}
