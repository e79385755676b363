package io.circuitlens.kernels.cpu;

/**
 * Cache block sizes of the packed GEMM: kc (depth of a k slice), mc (rows of A packed together), nc (columns of B
 * packed together). Tests pass tiny ones to push small products through every loop of {@link GemmBlocked}.
 */
record GemmBlocking(int kc, int mc, int nc) {
    /**
     * Measured best on AMD EPYC (Zen 3: 32 KB L1d and 512 KB L2 per core, shared L3) with AVX2, 2 threads.
     * kc = 768: all of k = 768 in one slice, so C is read and written once instead of once per slice (the kc×NR
     * B panel, 48 KB, streams from L2 fast enough for the 4×2 kernel); k = 3072 runs as 4 slices.
     * mc = 120: the packed A block (mc×kc, 360 KB) stays in L2.
     * nc = 512: the packed B block (kc×nc, 1.5 MB) is read from L3; larger blocks were no faster.
     */
    static final GemmBlocking DEFAULT = new GemmBlocking(768, 120, 512);

    GemmBlocking {
        if (kc < 1 || mc < GemmKernel.MR || nc < GemmKernel.NR) {
            throw new IllegalArgumentException("bad GEMM blocking " + kc + "/" + mc + "/" + nc);
        }
    }
}
