package io.circuitlens.kernels.cuda;

import org.junit.jupiter.api.Tag;

/** CudaKernels' edge cases on a real GPU (skipped with the reason where the CUDA backend cannot open). */
@Tag("cuda")
class GpuKernelsTest extends CudaKernelChecks {
    @Override
    CudaDriver openDriver() {
        return TestDrivers.gpu(getClass());
    }
}
