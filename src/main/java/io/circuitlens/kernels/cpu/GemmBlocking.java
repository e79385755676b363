package io.circuitlens.kernels.cpu;

/**
 * Cache block sizes of the packed GEMM: kc (depth of a k slice), mc (rows of A packed together), nc (columns of B
 * packed together). Tests pass tiny ones to push small products through every loop of {@link GemmBlocked}.
 */
record GemmBlocking(int kc, int mc, int nc) {
    // Tuned on AMD EPYC (Zen 3: 32 KB L1d, 512 KB L2 per core, shared L3) with AVX2.
    /**
     * kc = 256: a kc×NR B panel (16 KB) plus MR rows of A (4 KB) stay in L1; k = 768 runs as 3 slices, 3072 as 12.
     * mc = 240: the packed A block (mc×kc, 240 KB) fits in L2 next to the C tiles.
     * nc = 4096: the packed B block (kc×nc, 4 MB) is read from L3 by one thread.
     */
    static final GemmBlocking DEFAULT = new GemmBlocking(
            Integer.getInteger("gemm.kc", 768), Integer.getInteger("gemm.mc", 120), Integer.getInteger("gemm.nc", 2048));

    GemmBlocking {
        if (kc < 1 || mc < GemmKernel.MR || nc < GemmKernel.NR) {
            throw new IllegalArgumentException("bad GEMM blocking " + kc + "/" + mc + "/" + nc);
        }
    }
}
