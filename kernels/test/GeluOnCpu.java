import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.cpu.CpuKernels;

/**
 * Prints the bits of CpuKernels.geluNew and of geluNewBackward (dOut = 1) over the inputs of test_kernels.cpp's
 * testGelu, one hex word a line, so run.sh can check that gelu.cu gives the CPU backend's result bit for bit.
 * Run as a single-file program with the project's classes on the class path.
 */
public final class GeluOnCpu {
    public static void main(String[] args) {
        float[] specials = {0f, -0f, 1e-30f, -1e-30f, 50f, -50f, 1e30f, -1e30f, 3.4e38f, -3.4e38f};
        int grid = 2 * 2560 + 1;
        float[] x = new float[grid + specials.length];
        for (int i = 0; i < grid; i++) x[i] = (i - 2560) / 256f; // [-10, 10] in steps of 2^-8, as the C++ test
        System.arraycopy(specials, 0, x, grid, specials.length);
        int n = x.length;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new float[n];
        float[] grad = new float[n];
        try (CpuKernels k = CpuKernels.create()) {
            Buf xs = k.upload(x);
            Buf o = k.alloc(n);
            Buf g = k.alloc(n);
            k.geluNew(xs, o, n);
            k.geluNewBackward(xs, k.upload(ones), g, n);
            k.download(o, 0, out, 0, n);
            k.download(g, 0, grad, 0, n);
        }
        StringBuilder sb = new StringBuilder();
        for (float[] v : new float[][] {out, grad}) {
            for (float f : v) sb.append(String.format("%08x%n", Float.floatToRawIntBits(f)));
        }
        System.out.print(sb);
    }
}
