package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.cuda.CudaDriver.Dim3;

/** The launch shapes of kernels/README.md's contracts, in one place. */
final class Grids {
    /** Threads per block of every kernel. */
    static final Dim3 BLOCK = Dim3.of(256);
    /** The single block of the prefix-sum kernels (layoutTables, segmentStarts). */
    static final Dim3 ONE = Dim3.of(1);
    /** Most blocks a grid-stride launch uses: beyond this, threads loop. */
    static final int MAX_BLOCKS = 65536;
    /** Rows of a layernorm block (one warp per row). */
    static final int LAYERNORM_ROWS = 8;

    private Grids() {}

    /** A grid-stride launch over n elements: ceil(n / 256) blocks, at most {@link #MAX_BLOCKS}. */
    static Dim3 elements(long n) {
        return Dim3.of((int) Math.max(1, Math.min((n + 255) / 256, MAX_BLOCKS)));
    }

    /** Blocks striding over rows (metric, one block per row at a time). */
    static Dim3 rows(int rows) {
        return Dim3.of(Math.max(1, Math.min(rows, 65535)));
    }

    /** The layernorm kernels: one warp per row, 8 rows a block. */
    static Dim3 layerNorm(int rows) {
        return Dim3.of((rows + LAYERNORM_ROWS - 1) / LAYERNORM_ROWS);
    }

    /**
     * Prompt-row copies: y strides over batch rows, x over one row's elements (at most perRow), with x·y kept near
     * {@link #MAX_BLOCKS}.
     */
    static Dim3 promptRows(int rows, long perRow) {
        int y = Math.max(1, Math.min(rows, 65535));
        long x = Math.max(1, Math.min((perRow + 255) / 256, Math.max(1, MAX_BLOCKS / y)));
        return new Dim3((int) x, y, 1);
    }

    /** The attention kernels: one block per (tile of 32 rows, head), z slices of 64 output columns where needed. */
    static Dim3 attention(int tiles, int nHeads, int z) {
        return new Dim3(tiles, nHeads, z);
    }

    /** ceil(dHead / 64): the column slices of the attention kernels with dHead outputs. */
    static int headSlices(int dHead) {
        return (dHead + 63) / 64;
    }
}
