package io.circuitlens.validation;

import io.circuitlens.AttributionResult;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.attribution.Method;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Direction;

import java.util.List;

/**
 * How attribution methods did against a known circuit: for each method and direction, the precision and recall of its
 * top-k components, where each true component ranks, the faithfulness of its top-k circuit and the time it took; and
 * the two references every number is read against, the known circuit's own faithfulness and that of random circuits of
 * the same size.
 *
 * @param rows       the data row of each prompt (1-based, as in the pairs file)
 * @param scope      every component ranked and, outside a circuit, ablated (all heads and neurons)
 * @param kRule      how k was chosen ("the truth's size", "--k 5", ...)
 * @param metricClean, metricCorrupted  the task metric's means over prompts
 */
public record ValidationResult(KnownCircuit truth, int[] rows, List<Component> scope, String kRule, AblationSpec ablation,
                               double metricClean, double metricCorrupted, List<MethodRun> runs, double knownFaithfulness,
                               RandomCircuits random, double faithfulnessSeconds) {

    /** A true component and its 1-based place in a method's ranking (1 = most important). */
    public record TruthRank(Component component, int rank) {}

    /**
     * One method in one direction. With a global truth {@code ranks} holds one list (the ranking of the prompt-averaged
     * scores); with a truth per row, one list per prompt (each prompt's own ranking), and precision and recall are the
     * means over the prompts whose truth is not empty.
     *
     * @param k           the top-k size per prompt (one value with a global truth)
     * @param attribution the method's scores themselves (heads and neurons per prompt, metrics, run record)
     */
    public record MethodRun(Method method, Direction direction, int[] k, double precision, double recall, double faithfulness,
                            double seconds, List<List<TruthRank>> ranks, AttributionResult attribution) {
        /** The mean rank of the true components (over prompts, too, with a truth per row). */
        public double meanRank() {
            return ranks.stream().flatMap(List::stream).mapToInt(TruthRank::rank).average().orElse(Double.NaN);
        }

        /** The lowest place any true component got. */
        public int worstRank() {
            return ranks.stream().flatMap(List::stream).mapToInt(TruthRank::rank).max().orElse(0);
        }
    }

    /** Faithfulness of {@code draws} seeded random circuits, each the size of the truth (per prompt with a truth per row). */
    public record RandomCircuits(int draws, long seed, double mean, double max, double[] each) {}
}
