package io.circuitlens.metrics;

import io.circuitlens.kernels.MetricSpec;

/**
 * Per-prompt sparse weights a over the vocabulary: every answer-based metric here is either Σ_v a_v·logit_v or
 * Σ_v a_v·p_v, so one pair of evaluators (and one gradient derivation each) serves all of them. A token listed
 * twice counts twice (its weights add).
 */
final class AnswerWeights {
    private final String metric;
    private final int[][] ids;
    private final double[][] weights;

    AnswerWeights(String metric, int[][] ids, double[][] weights) {
        this.metric = metric;
        this.ids = ids;
        this.weights = weights;
    }

    int prompts() {
        return ids.length;
    }

    /** The weights as the backend's CSR answer table; a token outside the vocabulary is the user's error. */
    MetricSpec spec(boolean probabilities, int vocab) {
        int[] start = new int[ids.length + 1];
        for (int p = 0; p < ids.length; p++) {
            for (int id : ids[p]) MetricArgs.checkToken(metric, p, id, vocab);
            start[p + 1] = start[p] + ids[p].length;
        }
        int[] flatIds = new int[start[ids.length]];
        double[] flatWeights = new double[flatIds.length];
        for (int p = 0; p < ids.length; p++) {
            System.arraycopy(ids[p], 0, flatIds, start[p], ids[p].length);
            System.arraycopy(weights[p], 0, flatWeights, start[p], ids[p].length);
        }
        return MetricSpec.answers(probabilities, ids.length, vocab, start, flatIds, flatWeights);
    }

    /** The weights of some prompts: prompt i here is prompt at[i] here before. */
    AnswerWeights select(int[] at) {
        int[][] i = new int[at.length][];
        double[][] w = new double[at.length][];
        for (int k = 0; k < at.length; k++) {
            i[k] = ids[at[k]];
            w[k] = weights[at[k]];
        }
        return new AnswerWeights(metric, i, w);
    }

    /** Weights +1 for each correct and −1 for each incorrect token. */
    static AnswerWeights difference(String metric, int[][] correct, int[][] incorrect) {
        if (correct.length != incorrect.length) {
            throw new IllegalArgumentException(metric + ": " + correct.length + " correct answer sets but "
                    + incorrect.length + " incorrect ones");
        }
        int[][] ids = new int[correct.length][];
        double[][] weights = new double[correct.length][];
        for (int p = 0; p < correct.length; p++) {
            int nc = correct[p].length;
            int ni = incorrect[p].length;
            ids[p] = new int[nc + ni];
            weights[p] = new double[nc + ni];
            for (int k = 0; k < nc; k++) {
                ids[p][k] = correct[p][k];
                weights[p][k] = 1;
            }
            for (int k = 0; k < ni; k++) {
                ids[p][nc + k] = incorrect[p][k];
                weights[p][nc + k] = -1;
            }
        }
        return new AnswerWeights(metric, ids, weights);
    }

    /** Single answers per prompt as one-element sets. */
    static AnswerWeights difference(String metric, int[] correct, int[] incorrect) {
        if (correct.length != incorrect.length) {
            throw new IllegalArgumentException(metric + ": " + correct.length + " correct answers but "
                    + incorrect.length + " incorrect ones");
        }
        int[][] c = new int[correct.length][];
        int[][] i = new int[incorrect.length][];
        for (int p = 0; p < correct.length; p++) {
            c[p] = new int[] {correct[p]};
            i[p] = new int[] {incorrect[p]};
        }
        return difference(metric, c, i);
    }
}
