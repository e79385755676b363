package io.circuitlens.kernels.cpu;

/**
 * One validated sgemm call: C = (accumulate ? C : 0) + op(A)·op(B) + bias. Fields mirror the arguments of
 * {@link Gemm#sgemm}; bias is null when there is none.
 */
record GemmProblem(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean accumulate) {

    /** op(A)(i, p). */
    float a(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    /** op(B)(p, j). */
    float b(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }
}
