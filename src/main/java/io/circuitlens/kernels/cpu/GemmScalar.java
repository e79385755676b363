package io.circuitlens.kernels.cpu;

/**
 * Plain loops for products too small for vectors to pay off (a few thousand multiply-adds, or k = 0) and for the
 * ragged edges of {@link GemmDirect}. Single thread.
 */
final class GemmScalar {
    private GemmScalar() {}

    static void run(GemmProblem g) {
        run(g, 0, g.m(), 0, g.n());
    }

    /** C rows [i0, i1) × columns [j0, j1). */
    static void run(GemmProblem g, int i0, int i1, int j0, int j1) {
        int k = g.k();
        float[] c = g.c();
        float[] bias = g.bias();
        for (int i = i0; i < i1; i++) {
            int row = g.cOff() + i * g.ldc();
            for (int j = j0; j < j1; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum += g.a(i, p) * g.b(p, j);
                if (bias != null) sum += bias[g.biasOff() + j];
                c[row + j] = g.accumulate() ? c[row + j] + sum : sum;
            }
        }
    }
}
