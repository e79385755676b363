package io.circuitlens.kernels.backends;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening backends: the CPU as asked, AUTO saying which backend it picked and why, CUDA either opening or failing
 * with one line that names what is missing (both outcomes are checked: which one depends on the machine).
 */
class BackendsTest {
    @Test
    void theCpuBackendSaysSo() {
        try (Backend b = Backends.open(Device.CPU, Precision.FP32, 2)) {
            assertEquals(Device.CPU, b.device());
            assertTrue(b.choice().startsWith("backend cpu: 2 threads") && b.choice().contains("GEMM") && b.choice().endsWith("(--device cpu)"),
                    b.choice());
            assertTrue(b.freeDeviceMemory().isEmpty());
        }
    }

    @Test
    void tf32OnTheCpuIsAnError() {
        CircuitLensException e = assertThrows(CircuitLensException.class, () -> Backends.open(Device.CPU, Precision.TF32, 2));
        assertEquals("--precision tf32 needs the CUDA backend (--device cuda or auto)", e.getMessage());
    }

    @Test
    void autoSaysWhichBackendItPickedAndWhy() {
        try (Backend b = Backends.open(Device.AUTO, Precision.TF32, 2)) {
            System.out.println(b.choice());
            assertFalse(b.choice().contains("\n"), b.choice());
            if (b.device() == Device.CPU) {
                assertTrue(b.choice().contains("(--device auto: no usable CUDA device: ") && b.choice().endsWith("; tf32 applies to CUDA only)"),
                        b.choice());
            } else {
                assertEquals(Device.CUDA, b.device());
                assertTrue(b.choice().contains("GEMM: cuBLAS SGEMM with TF32") && b.choice().endsWith("(--device auto found a CUDA device)"),
                        b.choice());
                assertTrue(b.freeDeviceMemory().orElseThrow() > 0);
            }
        }
    }

    @Test
    void cudaOpensOrSaysInOneLineWhatIsMissing() {
        try (Backend b = Backends.open(Device.CUDA, Precision.FP32, 2)) {
            assertEquals(Device.CUDA, b.device());
            assertTrue(b.choice().startsWith("backend cuda: "), b.choice());
        } catch (CircuitLensException e) {
            System.out.println(e.getMessage());
            assertTrue(e.getMessage().startsWith("--device cuda: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void threadsMustBePositive() {
        CircuitLensException e = assertThrows(CircuitLensException.class, () -> Backends.open(Device.CPU, Precision.FP32, 0));
        assertEquals("--threads must be at least 1, got 0", e.getMessage());
    }
}
