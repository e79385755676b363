package io.circuitlens.kernels.cuda;

import org.junit.jupiter.api.Tag;

/** CudaKernels on window layouts on a real GPU (skipped with the reason where the CUDA backend cannot open). */
@Tag("cuda")
class GpuWindowsTest extends CudaWindowChecks {
    @Override
    CudaDriver openDriver() {
        return TestDrivers.gpu(getClass());
    }
}
