package io.circuitlens.kernels.cuda;

/** CudaKernels on window layouts on the emulated driver (skipped with a message where g++ is missing). */
class EmulatedWindowsTest extends CudaWindowChecks {
    @Override
    CudaDriver openDriver() {
        return TestDrivers.emulated(getClass());
    }
}
