package io.circuitlens.metrics;

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

    /** Σ a_v·z_v; its gradient is a itself. */
    double linearInLogits(double[] logits, int prompt, double[] grad) {
        int[] id = ids[prompt];
        double[] a = weights[prompt];
        checkTokens(prompt, logits.length);
        double value = 0;
        for (int k = 0; k < id.length; k++) value += a[k] * logits[id[k]];
        if (grad != null) {
            java.util.Arrays.fill(grad, 0);
            for (int k = 0; k < id.length; k++) grad[id[k]] += a[k];
        }
        return value;
    }

    /** m = Σ a_v·p_v with p = softmax(z); d m / d z_u = p_u·(a_u − m). */
    double linearInProbs(double[] logits, int prompt, double[] grad) {
        int[] id = ids[prompt];
        double[] a = weights[prompt];
        checkTokens(prompt, logits.length);
        Softmax softmax = Softmax.of(logits);
        double value = 0;
        for (int k = 0; k < id.length; k++) value += a[k] * softmax.prob(logits[id[k]]);
        if (grad != null) {
            for (int v = 0; v < logits.length; v++) grad[v] = -value * softmax.prob(logits[v]);
            for (int k = 0; k < id.length; k++) grad[id[k]] += a[k] * softmax.prob(logits[id[k]]);
        }
        return value;
    }

    private void checkTokens(int prompt, int vocab) {
        for (int id : ids[prompt]) MetricArgs.checkToken(metric, prompt, id, vocab);
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
