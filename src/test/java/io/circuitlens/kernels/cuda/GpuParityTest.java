package io.circuitlens.kernels.cuda;

import org.junit.jupiter.api.Tag;

/**
 * The CUDA backend's parity checks on a real GPU through JCuda and cuBLAS (fp32). Skips with the reason (no NVIDIA
 * driver, no device, cuBLAS missing, driver too old for the PTX) where the backend cannot open.
 * {@code mvn test -Dgroups=cuda} runs only the GPU tests.
 */
@Tag("cuda")
class GpuParityTest extends CudaParityChecks {
    @Override
    CudaDriver openDriver() {
        return TestDrivers.gpu(getClass());
    }
}
