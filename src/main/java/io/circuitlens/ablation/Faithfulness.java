package io.circuitlens.ablation;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.runs.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The faithfulness curve of circuits chosen by scores: keep the top k% of the components (by signed and by absolute
 * importance, both), ablate every other one, and measure f(k) = (m(circuit) − m(empty)) / (m(full) − m(empty)), with
 * m the mean metric over prompts, m(full) the model with nothing ablated and m(empty) with every component ablated.
 *
 * <p>The circuit at k keeps the top ⌈k·C/100⌉ of the C components (so any k > 0 keeps at least one). k = 0 (f = 0)
 * and k = 100 (f = 1) are always measured, as the same rows as m(empty) and m(full), so the curve spans the whole
 * axis. The areas are taken over x = k/100 ∈ [0, 1] by the trapezoid rule between the measured points: CPR = ∫ f
 * (signed ranking; higher is better) and CMD = ∫ |1 − f| (absolute ranking; lower is better), with |1 − f| evaluated
 * at the points. The other two combinations are reported too.
 */
public final class Faithfulness {
    private Faithfulness() {}

    public static final double[] DEFAULT_K = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};

    /**
     * At {@code kPercent[i]} the circuits keep {@code kept[i]} components; per ranking (signed, abs) {@code metric*[i]}
     * is the metric per prompt and {@code f*[i]} the faithfulness.
     */
    public record Result(double[] kPercent, int[] kept, float[][] metricSigned, float[][] metricAbs,
                         float[] metricFull, float[] metricEmpty, double[] fSigned, double[] fAbs,
                         List<Component> orderSigned, List<Component> orderAbs) {
        private double[] x() {
            return Arrays.stream(kPercent).map(k -> k / 100).toArray();
        }

        /** ∫ f over [0, 1] with the signed ranking. */
        public double cpr() {
            return Trapezoid.area(x(), fSigned);
        }

        /** ∫ |1 − f| over [0, 1] with the absolute ranking. */
        public double cmd() {
            return Trapezoid.area(x(), Arrays.stream(fAbs).map(f -> Math.abs(1 - f)).toArray());
        }

        public double cprAbs() {
            return Trapezoid.area(x(), fAbs);
        }

        public double cmdSigned() {
            return Trapezoid.area(x(), Arrays.stream(fSigned).map(f -> Math.abs(1 - f)).toArray());
        }
    }

    public static Result run(Ablator ablator, List<Component> comps, ToDoubleFunction<Component> signed, ToDoubleFunction<Component> abs,
                             double[] kPercent, Progress progress) {
        if (comps.isEmpty()) throw new CircuitLensException("no components to rank");
        double[] ks = points(kPercent);
        List<Component> bySigned = Ranking.order(comps, signed, Ranking.Order.MOST_FIRST);
        List<Component> byAbs = Ranking.order(comps, abs, Ranking.Order.MOST_FIRST);
        int[] kept = new int[ks.length];
        // one row set per distinct circuit: k = 0 and k = 100 (and any equal circuits) are shared by both rankings
        Map<List<Component>, Integer> sets = new LinkedHashMap<>();
        int[] rowSigned = new int[ks.length];
        int[] rowAbs = new int[ks.length];
        for (int i = 0; i < ks.length; i++) {
            kept[i] = kept(ks[i], comps.size());
            rowSigned[i] = sets.computeIfAbsent(removed(comps, bySigned, kept[i]), s -> sets.size());
            rowAbs[i] = sets.computeIfAbsent(removed(comps, byAbs, kept[i]), s -> sets.size());
        }
        float[][] values = ablator.evaluate(new ArrayList<>(sets.keySet()), progress);
        float[] full = values[rowSigned[ks.length - 1]];
        float[] empty = values[rowSigned[0]];
        double mFull = Stats.mean(full);
        double mEmpty = Stats.mean(empty);
        float[][] mSigned = new float[ks.length][];
        float[][] mAbs = new float[ks.length][];
        double[] fSigned = new double[ks.length];
        double[] fAbs = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            mSigned[i] = values[rowSigned[i]];
            mAbs[i] = values[rowAbs[i]];
            fSigned[i] = f(Stats.mean(mSigned[i]), mFull, mEmpty);
            fAbs[i] = f(Stats.mean(mAbs[i]), mFull, mEmpty);
        }
        return new Result(ks, kept, mSigned, mAbs, full, empty, fSigned, fAbs, bySigned, byAbs);
    }

    /** (m − m(empty)) / (m(full) − m(empty)); + 0.0 turns the −0 of a falling curve's empty end into 0. */
    static double f(double m, double mFull, double mEmpty) {
        return (m - mEmpty) / (mFull - mEmpty) + 0.0;
    }

    /** The k values sorted, without duplicates, with 0 and 100 added. */
    static double[] points(double[] kPercent) {
        TreeSet<Double> s = new TreeSet<>(List.of(0.0, 100.0));
        for (double k : kPercent) {
            if (!(k >= 0 && k <= 100)) throw new CircuitLensException("k must be a percentage in [0, 100], got " + k);
            s.add(k);
        }
        return s.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** ⌈k·C/100⌉, with a little slack so that e.g. 10% of 50 is 5, not 6 from rounding. */
    static int kept(double k, int count) {
        if (k <= 0) return 0;
        return (int) Math.min(count, Math.ceil(k * count / 100 - 1e-9));
    }

    /** The components outside the top {@code keep} of a ranking, in the input (canonical) order. */
    private static List<Component> removed(List<Component> comps, List<Component> ranking, int keep) {
        java.util.Set<Component> top = new java.util.HashSet<>(ranking.subList(0, keep));
        return comps.stream().filter(c -> !top.contains(c)).toList();
    }
}
