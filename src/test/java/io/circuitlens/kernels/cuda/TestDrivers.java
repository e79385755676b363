package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.Precision;
import org.junit.jupiter.api.Assumptions;

/**
 * The drivers the CUDA backend's tests run on, or a skip that says why there is none: the emulated kernels (where
 * g++ is installed) and a real GPU (where JCudaDriver opens).
 */
final class TestDrivers {
    private TestDrivers() {}

    static CudaDriver emulated(Class<?> test) {
        return EmulatorLibrary.path().map(lib -> (CudaDriver) new EmulatedDriver(lib)).orElseGet(() -> skip(test, EmulatorLibrary.unavailable()));
    }

    static CudaDriver gpu(Class<?> test) {
        try {
            return JCudaDriver.open(Precision.FP32);
        } catch (CudaUnavailableException e) {
            return skip(test, "no usable CUDA device: " + e.getMessage());
        }
    }

    /** Skips every test of the class, saying why on stderr too (surefire lists a class skipped in @BeforeAll as 0 tests). */
    private static CudaDriver skip(Class<?> test, String why) {
        System.err.println(test.getSimpleName() + " skipped: " + why);
        Assumptions.abort(why);
        throw new IllegalStateException(why);
    }
}
