package io.circuitlens.kernels.cuda;

import io.circuitlens.common.CircuitLensException;

/**
 * The CUDA backend cannot run here: no NVIDIA driver, no device, a missing cuBLAS, a device or driver too old for
 * the PTX. The message is one line naming what is missing and what to do about it.
 */
public final class CudaUnavailableException extends CircuitLensException {
    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
