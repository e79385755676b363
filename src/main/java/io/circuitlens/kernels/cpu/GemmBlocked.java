package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.MR;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;

/**
 * The packed, cache-blocked GEMM (Goto/BLIS loop order). Per task (a block of C): for each nc-wide column block and
 * kc-deep slice of k, pack op(B) (kc×nc, from L3), then for each mc-high row block pack op(A) (mc×kc, meant for L2)
 * and sweep the tiles with one NR-wide B panel (kc×NR) kept close (L1/L2) while the A rows stream past it. Sizes:
 * {@link GemmBlocking}. Bias and the old C are folded in when the first k slice is stored, so C is written once per
 * slice.
 */
final class GemmBlocked {
    private GemmBlocked() {}

    static void run(Parallel par, GemmProblem g) {
        run(par, g, GemmGrid.plan(par.threads(), g.transA(), g.transB(), g.m(), g.n(), g.k()), GemmBlocking.DEFAULT);
    }

    static void run(Parallel par, GemmProblem g, GemmGrid grid, GemmBlocking bs) {
        if (grid.tasks() == 1) {
            block(g, bs, 0, g.m(), 0, g.n());
            return;
        }
        par.forRange(grid.tasks(), 1, (start, end) -> {
            for (int t = start; t < end; t++) {
                int i0 = (t % grid.rowTasks()) * grid.rowBlock();
                int j0 = (t / grid.rowTasks()) * grid.colBlock();
                block(g, bs, i0, Math.min(g.m(), i0 + grid.rowBlock()), j0, Math.min(g.n(), j0 + grid.colBlock()));
            }
        });
    }

    /** C[i0, i1) × [j0, j1) on the calling thread. */
    static void block(GemmProblem g, GemmBlocking bs, int i0, int i1, int j0, int j1) {
        GemmWorkspace ws = GemmWorkspace.get();
        int k = g.k();
        // Even splits avoid a thin last slice (k = 1000 runs as 2×500, not 768 + 232).
        int kc0 = GemmGrid.ceilDiv(k, GemmGrid.ceilDiv(k, bs.kc()));
        int mc0 = GemmGrid.roundUp(GemmGrid.ceilDiv(i1 - i0, GemmGrid.ceilDiv(i1 - i0, bs.mc())), MR);
        int nc0 = GemmGrid.roundUp(GemmGrid.ceilDiv(j1 - j0, GemmGrid.ceilDiv(j1 - j0, bs.nc())), NR);
        for (int jc = j0; jc < j1; jc += nc0) {
            int nc = Math.min(nc0, j1 - jc);
            for (int pc = 0; pc < k; pc += kc0) {
                int kc = Math.min(kc0, k - pc);
                float[] bp = ws.b(GemmGrid.roundUp(nc, NR) * kc);
                GemmPack.packB(g.transB(), g.b(), g.bOff(), g.ldb(), pc, kc, jc, nc, bp);
                boolean first = pc == 0;
                boolean load = !first || g.accumulate();
                float[] bias = first ? g.bias() : null;
                for (int ic = i0; ic < i1; ic += mc0) {
                    int mc = Math.min(mc0, i1 - ic);
                    float[] ap = ws.a(GemmGrid.roundUp(mc, MR) * kc);
                    GemmPack.packA(g.transA(), g.a(), g.aOff(), g.lda(), ic, mc, pc, kc, ap);
                    macro(g, ws, ap, bp, kc, ic, mc, jc, nc, load, bias);
                }
            }
        }
    }

    /** All tiles of the mc×nc block of C at (ic, jc) from packed panels. */
    private static void macro(GemmProblem g, GemmWorkspace ws, float[] ap, float[] bp, int kc,
                              int ic, int mc, int jc, int nc, boolean load, float[] bias) {
        float[] c = g.c();
        int ldc = g.ldc();
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bPanel = jr * kc;
            int biasOff = g.biasOff() + jc + jr;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int cIdx = g.cOff() + (ic + ir) * ldc + jc + jr;
                if (mr == MR && nr == NR) {
                    GemmKernel.tile(kc, ap, ir * kc, kc, bp, bPanel, c, cIdx, ldc, load, bias, biasOff, ws.scratch);
                } else {
                    GemmKernel.edgeTile(kc, ap, ir * kc, kc, bp, bPanel, ws.scratch, c, cIdx, ldc, mr, nr,
                            load, bias, biasOff);
                }
            }
        }
    }
}
