package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.RowMap;

/**
 * Copies and interpolations from the cached prompts into the rows of a pass (see
 * {@code Kernels.interpolatePromptRows}): row i of the pass takes prompt rows.prompt(i) of the cache, position by
 * position. The arithmetic is a BLEND patch's, so α = 1 reproduces the target bit for bit.
 */
final class PromptRows {
    private PromptRows() {}

    static void rows(Parallel par, float[] dst, int dstOffset, int dstLd, BatchLayout dstLay, float[] from, float[] to, int srcOffset,
                     int srcLd, BatchLayout srcLay, RowMap rows, float[] alphas, int cols) {
        int[] prompt = rows.prompts();
        par.forRange(rows.rows(), 1, (s, e) -> {
            for (int r = s; r < e; r++) {
                int p = prompt[r];
                int len = checkLength(dstLay, r, srcLay, p);
                float alpha = alphas == null ? 1f : alphas[rows.step(r)];
                for (int t = 0; t < len; t++) {
                    int d = dstOffset + (dstLay.rowStart()[r] + t) * dstLd;
                    int so = srcOffset + (srcLay.rowStart()[p] + t) * srcLd;
                    blend(dst, d, from, to, so, cols, alpha);
                }
            }
        });
    }

    static void blocks(Parallel par, float[] dst, BatchLayout dstLay, float[] from, float[] to, BatchLayout srcLay, RowMap rows,
                       float[] alphas, int headFirst, int heads) {
        int[] prompt = rows.prompts();
        par.forRange(rows.rows(), 1, (s, e) -> {
            for (int r = s; r < e; r++) {
                int p = prompt[r];
                int len = checkLength(dstLay, r, srcLay, p);
                float alpha = alphas == null ? 1f : alphas[rows.step(r)];
                int block = len * len;
                int d = Math.toIntExact(dstLay.attnStart()[r] + (long) headFirst * block);
                int so = Math.toIntExact(srcLay.attnStart()[p] + (long) headFirst * block);
                blend(dst, d, from, to, so, heads * block, alpha);
            }
        });
    }

    private static int checkLength(BatchLayout dstLay, int r, BatchLayout srcLay, int p) {
        int len = dstLay.length(r);
        if (srcLay.length(p) != len) {
            throw new IllegalArgumentException("row " + r + " has " + len + " tokens but prompt " + p + " has " + srcLay.length(p));
        }
        return len;
    }

    private static void blend(float[] dst, int d, float[] from, float[] to, int s, int n, float alpha) {
        if (from == null) {
            System.arraycopy(to, s, dst, d, n);
            return;
        }
        for (int j = 0; j < n; j++) dst[d + j] = CpuKernels.blend(from[s + j], to[s + j], alpha);
    }
}
