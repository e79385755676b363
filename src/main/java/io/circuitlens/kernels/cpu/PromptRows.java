package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.RowMap;

/**
 * Copies and interpolations from the cached prompts into the rows of a pass (see
 * {@code Kernels.interpolatePromptRows}): row i of the pass takes prompt rows.prompt(i) of the cache, position by
 * position (only the positions both hold when either is a window). The arithmetic is a BLEND patch's, so α = 1
 * reproduces the target bit for bit.
 */
final class PromptRows {
    private PromptRows() {}

    static void rows(Parallel par, float[] dst, int dstOffset, int dstLd, BatchLayout dstLay, float[] from, float[] to, int srcOffset,
                     int srcLd, BatchLayout srcLay, RowMap rows, float[] alphas, int cols) {
        int[] prompt = rows.prompts();
        par.forRange(rows.rows(), 1, (s, e) -> {
            for (int r = s; r < e; r++) {
                int p = prompt[r];
                int end = checkEnd(dstLay, r, srcLay, p);
                float alpha = alphas == null ? 1f : alphas[rows.step(r)];
                // the positions both hold (either side may be a window ending at the prompt's last token)
                for (int t = Math.max(dstLay.offset(r), srcLay.offset(p)); t < end; t++) {
                    int d = dstOffset + (dstLay.rowStart()[r] + t - dstLay.offset(r)) * dstLd;
                    int so = srcOffset + (srcLay.rowStart()[p] + t - srcLay.offset(p)) * srcLd;
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
                if (dstLay.offset(r) != 0 || srcLay.offset(p) != 0) throw new IllegalArgumentException("attention blocks of a window");
                int len = checkEnd(dstLay, r, srcLay, p);
                float alpha = alphas == null ? 1f : alphas[rows.step(r)];
                int block = len * len;
                int d = Math.toIntExact(dstLay.attnStart()[r] + (long) headFirst * block);
                int so = Math.toIntExact(srcLay.attnStart()[p] + (long) headFirst * block);
                blend(dst, d, from, to, so, heads * block, alpha);
            }
        });
    }

    private static int checkEnd(BatchLayout dstLay, int r, BatchLayout srcLay, int p) {
        int end = dstLay.end(r);
        if (srcLay.end(p) != end) {
            throw new IllegalArgumentException("row " + r + " has " + end + " tokens but prompt " + p + " has " + srcLay.end(p));
        }
        return end;
    }

    private static void blend(float[] dst, int d, float[] from, float[] to, int s, int n, float alpha) {
        if (from == null) {
            System.arraycopy(to, s, dst, d, n);
            return;
        }
        for (int j = 0; j < n; j++) dst[d + j] = CpuKernels.blend(from[s + j], to[s + j], alpha);
    }
}
