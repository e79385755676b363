package io.circuitlens.kernels.cpu;

/**
 * Single-precision matrix multiply on the CPU, the engine's hot spot. Pure Java with the Vector API: most products,
 * attention heads at T = 64 included, go through a packed, cache-blocked kernel split over {@link Parallel}
 * ({@link GemmBlocked}); products with fewer than 4 rows of A or only a few thousand multiply-adds through unpacked
 * vector kernels ({@link GemmDot} for A·Bᵀ, {@link GemmDirect} for A·B); tiny ones through plain loops.
 */
public final class Gemm {
    // Path thresholds, measured with GemmBenchmark-like runs on AVX2 (see benchmarks/RESULTS.md).
    /** Up to this many multiply-adds, plain loops beat setting up vector tiles. */
    static final long SCALAR_MAX_FMA = 512;
    /** Up to this many multiply-adds (q·kᵀ of one head at T ≤ 16), row dot products beat packing. */
    static final long DOT_MAX_FMA = 1L << 14;
    /** Up to this many multiply-adds (p·v of one head at T ≤ 32), unpacked tiles beat packing. */
    static final long DIRECT_MAX_FMA = 1L << 16;

    private Gemm() {}

    /**
     * C = (accumulate ? C : 0) + op(A)·op(B) + bias (broadcast over rows, may be null).
     * op(A) is m×k: A stored row-major m×k with row stride lda, or (transA) stored k×m with stride lda.
     * op(B) is k×n: B stored row-major k×n with stride ldb, or (transB) stored n×k with stride ldb.
     * C is m×n row-major with stride ldc. Offsets are element offsets into the arrays. C must not overlap A or B.
     * With k = 0 the product is zero: C becomes (accumulate ? C : 0) + bias.
     *
     * @throws IllegalArgumentException if a size is negative, a stride is shorter than its row, or a matrix does not
     *                                  fit its array at the given offset
     */
    public static void sgemm(Parallel par, boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) return;
        checkMatrix("C", c, cOff, ldc, m, n);
        if (bias != null) checkMatrix("bias", bias, biasOff, n, 1, n);
        if (k > 0) {
            checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
            checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        }
        GemmProblem g = new GemmProblem(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb,
                c, cOff, ldc, bias, biasOff, accumulate);
        long fma = (long) m * n * k;
        if (fma <= SCALAR_MAX_FMA) {
            GemmScalar.run(g);
        } else if (!transA && transB && (m < GemmKernel.MR || fma <= DOT_MAX_FMA)) {
            GemmDot.run(par, g);
        } else if (!transA && !transB && (m < GemmKernel.MR || fma <= DIRECT_MAX_FMA)) {
            GemmDirect.run(par, g);
        } else {
            GemmBlocked.run(par, g);
        }
    }

    /**
     * {@link #sgemm} computing every row of C with the same arithmetic whatever m is: the path depends on n and k
     * only (the packed kernel, whose k-slicing and per-element FMA order do not depend on m or on a row's place in
     * its tile). The engine multiplies batch rows this way, so a prompt's results do not change with the batch it
     * runs in (bit for bit), and a patch with no effect scores exactly 0.
     */
    public static void sgemmRowInvariant(Parallel par, boolean transA, boolean transB, int m, int n, int k,
                                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                         float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean accumulate) {
        if (k == 0 || m == 0 || n == 0) {
            sgemm(par, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, accumulate);
            return;
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("C", c, cOff, ldc, m, n);
        if (bias != null) checkMatrix("bias", bias, biasOff, n, 1, n);
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        GemmBlocked.run(par, new GemmProblem(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, accumulate));
    }

    /** A rows×cols matrix with row stride ld at element offset off must lie inside array x. */
    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (x == null) throw new IllegalArgumentException("sgemm: " + name + " is null");
        if (off < 0) throw new IllegalArgumentException("sgemm: " + name + " offset " + off + " is negative");
        if (rows > 1 && ld < cols) {
            throw new IllegalArgumentException(
                    "sgemm: " + name + " stride " + ld + " is shorter than its rows (" + cols + ")");
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", stride " + ld
                    + ", offset " + off + ") does not fit its array of " + x.length);
        }
    }
}
