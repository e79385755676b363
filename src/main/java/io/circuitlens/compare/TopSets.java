package io.circuitlens.compare;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Top-k component sets by absolute score, and the overlap of two of them. */
public final class TopSets {
    private TopSets() {}

    /**
     * Indices of the min(k, n) largest |v|, largest first. Absolute values, because a component that lowers the
     * metric matters as much as one that raises it. Ties go to the lower index, so sets are reproducible; this
     * decides which of several equal scores (e.g. the zeros of unscored layers) is in a set.
     */
    public static int[] topByAbs(double[] v, int k) {
        if (k < 0) throw new IllegalArgumentException("k = " + k);
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(Math.abs(v[b]), Math.abs(v[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int m = Math.min(k, v.length);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = order[i];
        return out;
    }

    /** |A ∩ B| / |A ∪ B|; NaN for two empty sets. */
    public static double jaccard(int[] a, int[] b) {
        int shared = shared(a, b);
        int union = distinct(a).size() + distinct(b).size() - shared;
        return union == 0 ? Double.NaN : (double) shared / union;
    }

    /** |A ∩ B|. */
    public static int shared(int[] a, int[] b) {
        Set<Integer> sa = distinct(a);
        int n = 0;
        for (int x : distinct(b)) if (sa.contains(x)) n++;
        return n;
    }

    private static Set<Integer> distinct(int[] a) {
        Set<Integer> s = new HashSet<>();
        for (int x : a) s.add(x);
        return s;
    }

    /**
     * The k values to report: the fixed ones, plus {@code extra} when given (≤ 0: none), sorted, without those larger
     * than the number of components n; if that leaves none (tiny models), n itself.
     */
    public static int[] ks(int[] fixed, int extra, int n) {
        int[] all = Arrays.copyOf(fixed, fixed.length + 1);
        all[fixed.length] = extra;
        int[] kept = Arrays.stream(all).filter(k -> k >= 1 && k <= n).sorted().distinct().toArray();
        return kept.length > 0 ? kept : new int[] {n};
    }
}
