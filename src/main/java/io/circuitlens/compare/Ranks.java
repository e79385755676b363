package io.circuitlens.compare;

import java.util.Arrays;

/** Ranks for Spearman's correlation. */
final class Ranks {
    private Ranks() {}

    /**
     * 1-based ranks of {@code v} in ascending order; tied values share the average of the ranks they span (so a tie
     * of the 2nd and 3rd smallest gets 2.5 each). Average ranks keep Spearman's rho equal to Pearson's r of the ranks,
     * the usual definition with ties.
     */
    static double[] average(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // +0.0 makes -0.0 and 0.0 one value: Double.compare would otherwise order them and break the tie
        Arrays.sort(order, (a, b) -> Double.compare(v[a] + 0.0, v[b] + 0.0));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && v[order[end]] == v[order[start]]) end++;
            // positions start..end-1 (0-based) are ranks start+1..end; their mean is (start+1+end)/2
            double rank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++) ranks[order[i]] = rank;
            start = end;
        }
        return ranks;
    }
}
