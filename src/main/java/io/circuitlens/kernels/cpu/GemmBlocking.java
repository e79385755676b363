package io.circuitlens.kernels.cpu;

/**
 * Cache block sizes of the packed GEMM: kc (depth of a k slice), mc (rows of A packed together), nc (columns of B
 * packed together). Chosen at start-up from this machine's caches ({@link #forCaches}); tests pass tiny ones to push
 * small products through every loop of {@link GemmBlocked}.
 */
record GemmBlocking(int kc, int mc, int nc) {
    /** This machine's blocking. */
    static final GemmBlocking DEFAULT = forCaches(CacheSizes.read());

    GemmBlocking {
        if (kc < 1 || mc < GemmKernel.MR || nc < GemmKernel.NR) {
            throw new IllegalArgumentException("bad GEMM blocking " + kc + "/" + mc + "/" + nc);
        }
    }

    /**
     * Rules from the blocking measured best on AMD EPYC (Zen 3: 32 KB L1d and 512 KB L2 per core) with AVX2, 2 threads
     * — kc 768, mc 120, nc 512 — made relative to the caches:
     * kc = 768: all of GPT-2's k = 768 in one slice, so C is read and written once instead of once per slice; the
     * kc×NR B panel streams from L2 (48 KB for AVX2's 16 columns, 96 KB for AVX-512's 32), fast enough for the
     * micro-kernel; k = 3072 runs as 4 slices.
     * mc: the packed A block (mc×kc) fills about 70% of L2 (Zen 3: 120 rows, 360 KB of 512 KB), leaving room for the
     * B panel; a 2 MB L2 takes 480 rows.
     * nc = 512 columns of B per packed block (1.5 MB at kc = 768, read from L3); larger blocks were no faster.
     */
    static GemmBlocking forCaches(CacheSizes caches) {
        int kc = 768;
        long aBlock = caches.l2() * 7 / 10;
        int mc = GemmGrid.roundUp((int) Math.max(1, Math.min(1024, aBlock / (4L * kc))), GemmKernel.MR);
        int nc = Math.max(512, GemmKernel.NR);
        return new GemmBlocking(kc, mc, nc);
    }

    @Override
    public String toString() {
        return "kc " + kc + ", mc " + mc + ", nc " + nc;
    }
}
