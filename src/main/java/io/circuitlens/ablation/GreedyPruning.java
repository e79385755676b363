package io.circuitlens.ablation;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.runs.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy node pruning: each round ablates, on top of what is already removed, every remaining candidate in turn (all
 * of them in one batched job: candidates × prompts rows, each starting at the candidate's sublayer from the current
 * state's residual stream) and removes the one whose removal keeps the mean metric highest. Ties go to the earlier
 * candidate in the given order; a NaN mean never wins.
 *
 * <p>Stops when nothing is left, after {@code maxSteps} removals, or when the best removal would bring the circuit's
 * faithfulness f = (m − m(empty)) / (m(full) − m(empty)) below {@code stopBelow} (that removal is not made, so the
 * remaining components are the smallest circuit found that keeps f at or above the threshold). m is the mean metric
 * over prompts, m(empty) the one with every candidate ablated: f is the {@link Faithfulness} measure, the share of
 * what the candidates add to the metric that the circuit keeps, whatever the metric's offset.
 */
public final class GreedyPruning {
    private GreedyPruning() {}

    /**
     * @param curve          metric per prompt after each removal (step 0: nothing removed); {@code curve.order()} is
     *                       the removal order
     * @param candidateMeans [round][candidate]: mean metric if that candidate were removed in that round (NaN once removed)
     * @param metricEmpty    metric per prompt with every candidate ablated
     * @param stop           why it stopped
     */
    public record Result(List<Component> candidates, AblationCurve curve, double[][] candidateMeans, float[] metricEmpty, String stop) {
        public List<Component> removed() {
            return curve.order();
        }

        /** f of a mean metric (NaN when removing every candidate does not change the mean metric). */
        public double faithfulness(double mean) {
            return Faithfulness.f(mean, Stats.mean(curve.metric()[0]), Stats.mean(metricEmpty));
        }

        /** The candidates never removed: the circuit. */
        public List<Component> kept() {
            List<Component> out = new ArrayList<>(candidates);
            out.removeAll(removed());
            return out;
        }
    }

    /** @param stopBelow the least faithfulness kept, NaN for no threshold; @param maxSteps ≤ 0 for no limit. */
    public static Result run(Ablator ablator, List<Component> candidates, double stopBelow, int maxSteps, Progress progress) {
        float[] full = ablator.metricClean();
        float[] empty = ablator.ablate(candidates);
        double fullMean = Stats.mean(full);
        double emptyMean = Stats.mean(empty);
        if (!Double.isNaN(stopBelow) && !(fullMean > emptyMean)) {
            throw new CircuitLensException(String.format("the stop rule keeps a share of what the candidates add to the metric, but with every "
                    + "candidate ablated the mean metric is %.4g, not below the full model's %.4g: there is no behaviour to keep "
                    + "(prune without a stop rule instead)", emptyMean, fullMean));
        }
        int limit = maxSteps > 0 ? Math.min(maxSteps, candidates.size()) : candidates.size();
        List<Component> removed = new ArrayList<>();
        boolean[] gone = new boolean[candidates.size()];
        List<float[]> curve = new ArrayList<>(List.of(full));
        List<double[]> means = new ArrayList<>();
        String stop = removed.size() >= limit ? "max steps reached" : "every candidate removed";
        while (removed.size() < limit) {
            List<Integer> remaining = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) if (!gone[i]) remaining.add(i);
            float[][] values;
            try (AblatedState state = ablator.state(removed)) {
                values = ablator.evaluateFrom(state, remaining.stream().map(i -> List.of(candidates.get(i))).toList(), progress);
            }
            double[] round = new double[candidates.size()];
            Arrays.fill(round, Double.NaN);
            int best = -1;
            for (int j = 0; j < remaining.size(); j++) {
                int i = remaining.get(j);
                round[i] = Stats.mean(values[j]);
                if (!Double.isNaN(round[i]) && (best < 0 || round[i] > round[remaining.get(best)])) best = j;
            }
            means.add(round);
            if (best < 0) {
                stop = "every remaining removal gives a NaN metric";
                break;
            }
            double bestMean = round[remaining.get(best)];
            double f = Faithfulness.f(bestMean, fullMean, emptyMean);
            if (!Double.isNaN(stopBelow) && f < stopBelow) {
                stop = String.format("the next removal (%s) would bring the faithfulness to %.4f, below %s",
                        candidates.get(remaining.get(best)).label(), f, stopBelow);
                break;
            }
            gone[remaining.get(best)] = true;
            removed.add(candidates.get(remaining.get(best)));
            curve.add(values[best]);
            if (removed.size() == limit) stop = limit == candidates.size() ? "every candidate removed" : "max steps reached";
        }
        int[] steps = new int[curve.size()];
        for (int i = 0; i < steps.length; i++) steps[i] = i;
        return new Result(candidates, new AblationCurve(removed, steps, curve.toArray(float[][]::new)), means.toArray(double[][]::new), empty, stop);
    }
}
