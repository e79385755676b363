package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.kernels.UnitGrouping;

/**
 * The grouped dot kernel on the CPU (see {@code Kernels.groupedDot}): per batch row, sums of a·(to − from) over each
 * unit's elements, each (position, group) part summed in double and added to its unit in position order, so a row's
 * scores never depend on the rest of the batch. Rows are split over the threads.
 */
final class GroupedDot {
    private GroupedDot() {}

    static void run(Parallel par, UnitGrouping g, float[] a, int aOffset, int aLd, BatchLayout aLay, float[] to, float[] from,
                    int bOffset, int bLd, BatchLayout bLay, RowMap rows, float[] out) {
        int units = g.unitsPerRow();
        int n = rows.rows();
        int[] prompt = rows.prompts();
        par.forRange(n, 1, (s, e) -> {
            double[] acc = new double[units];
            for (int r = s; r < e; r++) {
                java.util.Arrays.fill(acc, 0);
                int p = prompt[r];
                int len = aLay.length(r);
                int first = aLay.offset(r); // a window's rows start at this position
                if (bLay != null && bLay.end(p) != aLay.end(r)) {
                    throw new IllegalArgumentException("row " + r + " has " + aLay.end(r) + " tokens but prompt " + p + " has " + bLay.end(p));
                }
                if (bLay != null && bLay.offset(p) > first) throw new IllegalArgumentException("prompt " + p + " lacks positions of row " + r);
                if (g.attention()) {
                    if (first != 0) throw new IllegalArgumentException("attention blocks of a window");
                    attention(g, a, aOffset + aLay.attnStart()[r], to, from, bLay == null ? 0 : bOffset + bLay.attnStart()[p], len, acc);
                } else {
                    long aRow = aOffset + (long) aLay.rowStart()[r] * aLd;
                    long bRow = bLay == null ? 0 : bOffset + (long) (bLay.rowStart()[p] + first - bLay.offset(p)) * bLd;
                    dense(g, a, aRow, aLd, to, from, bRow, bLd, first, len, acc);
                }
                for (int u = 0; u < units; u++) out[r * units + u] = (float) acc[u];
            }
        });
    }

    private static void dense(UnitGrouping g, float[] a, long aRow, int aLd, float[] to, float[] from, long bRow, int bLd,
                              int first, int len, double[] acc) {
        int width = g.width();
        for (int pos = 0; pos < len; pos++) {
            int ar = Math.toIntExact(aRow + (long) pos * aLd);
            int br = Math.toIntExact(bRow + (long) pos * bLd);
            for (int c = 0; c < g.groups(); c++) {
                int ao = ar + c * width;
                int bo = br + c * width;
                double s = 0;
                for (int j = 0; j < width; j++) s += product(a, ao + j, to, from, bo + j);
                acc[g.unit(c, first + pos)] += s;
            }
        }
    }

    private static void attention(UnitGrouping g, float[] a, long aBlock, float[] to, float[] from, long bBlock, int len, double[] acc) {
        for (int h = 0; h < g.groups(); h++) {
            for (int q = 0; q < len; q++) {
                int ao = Math.toIntExact(aBlock + ((long) h * len + q) * len);
                int bo = Math.toIntExact(bBlock + ((long) h * len + q) * len);
                double s = 0;
                for (int k = 0; k < len; k++) s += product(a, ao + k, to, from, bo + k);
                acc[g.unit(h, q)] += s;
            }
        }
    }

    private static double product(float[] a, int i, float[] to, float[] from, int j) {
        if (to == null) return a[i];
        if (from == null) return (double) a[i] * to[j];
        float x = to[j];
        float y = from[j];
        return x == y ? 0 : (double) a[i] * (x - y); // equal −∞ attention scores give 0, not NaN
    }
}
