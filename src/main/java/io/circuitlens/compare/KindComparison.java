package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;

import java.util.List;

/**
 * Everything compare measures on one component kind. {@code a} and {@code b} are the tables as compared (after
 * orientation, see {@link Orientation}); correlation arrays follow {@link Correlation}'s order.
 *
 * @param perPrompt  [prompt][correlation], NaN where undefined for that prompt
 * @param averaged   [correlation] on the prompt-averaged scores
 * @param jaccard    [k] overlap of the top-k sets (by |prompt-averaged score|), for k in {@code ks}
 * @param shared     [k] size of the intersection
 * @param scaledA    prompt-averaged scores / Σ|·| (the outlier scale, see {@link Outliers})
 * @param truth      precision and recall against an ablation table, or null
 */
public record KindComparison(ComponentScores a, ComponentScores b, double[][] perPrompt, MeanStd[] perPromptSummary,
                             double[] averaged, int[] ks, double[] jaccard, int[] shared, double[] scaledA,
                             double[] scaledB, List<Outliers.Outlier> outliers, TruthScores truth) {

    public ComponentKind kind() {
        return a.kind();
    }

    /** Precision and recall of both methods' top-k sets (index = position in {@code ks}). */
    public record TruthScores(GroundTruth set, int prompts, double[] precisionA, double[] recallA, double[] precisionB,
                              double[] recallB) {}
}
