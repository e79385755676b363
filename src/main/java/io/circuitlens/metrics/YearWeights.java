package io.circuitlens.metrics;

import io.circuitlens.common.CircuitLensException;

/**
 * Weights of the greater-than task (Hanna et al., 2023): for a start year whose last two digits are YY, the years
 * y > YY count positively and y ≤ YY negatively, over the 100 tokens "00".."99".
 */
final class YearWeights {
    static final int YEARS = 100;

    private YearWeights() {}

    /**
     * {@code mean}: each side is averaged (±1/count, a side with no years contributes 0) rather than summed (±1).
     */
    static AnswerWeights of(String metric, int[] yy, int[] yearTokens, boolean mean) {
        if (yearTokens.length != YEARS) {
            throw new IllegalArgumentException(metric + ": yearTokens must hold the 100 ids of \"00\"..\"99\", got "
                    + yearTokens.length);
        }
        int[][] ids = new int[yy.length][];
        double[][] weights = new double[yy.length][];
        for (int p = 0; p < yy.length; p++) {
            int start = yy[p];
            if (start < 0 || start >= YEARS) {
                throw new CircuitLensException(metric + ": prompt " + p + " has start year digits " + start
                        + ", not two digits (0..99)");
            }
            int above = YEARS - 1 - start;
            int atOrBelow = start + 1;
            double up = mean ? (above == 0 ? 0 : 1.0 / above) : 1;
            double down = mean ? 1.0 / atOrBelow : 1;
            ids[p] = yearTokens.clone();
            weights[p] = new double[YEARS];
            for (int y = 0; y < YEARS; y++) weights[p][y] = y > start ? up : -down;
        }
        return new AnswerWeights(metric, ids, weights);
    }
}
