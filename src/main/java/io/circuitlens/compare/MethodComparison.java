package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentScores;

import java.util.List;
import java.util.stream.IntStream;

/** Computes a {@link KindComparison} from two score tables of the same shape (and optionally an ablation table). */
public final class MethodComparison {
    /** The top-k sizes always reported (those not above the number of components). */
    public static final int[] DEFAULT_KS = {5, 10, 20, 50};

    private MethodComparison() {}

    /**
     * @param extraK        a further k to report (≤ 0: none)
     * @param outlierCount  how many disagreeing components to list
     * @param truth         an ablation table with the same layers and width (any number of prompts), or null
     * @param truthFraction the ground-truth threshold, see {@link GroundTruth}
     */
    public static KindComparison compare(ComponentScores a, ComponentScores b, int extraK, int outlierCount,
                                         ComponentScores truth, double truthFraction) {
        if (!a.sameShape(b)) throw new IllegalArgumentException("shapes differ");
        Correlation[] corr = Correlation.values();
        // prompts are independent, so they run in parallel; each result lands in its own slot (deterministic)
        double[][] perPrompt = new double[a.prompts()][];
        IntStream.range(0, a.prompts()).parallel().forEach(p -> {
            double[] x = a.prompt(p);
            double[] y = b.prompt(p);
            double[] row = new double[corr.length];
            for (int c = 0; c < corr.length; c++) row[c] = corr[c].of(x, y);
            perPrompt[p] = row;
        });
        MeanStd[] summary = new MeanStd[corr.length];
        for (int c = 0; c < corr.length; c++) {
            double[] column = new double[a.prompts()];
            for (int p = 0; p < column.length; p++) column[p] = perPrompt[p][c];
            summary[c] = MeanStd.of(column);
        }
        double[] meanA = a.averaged();
        double[] meanB = b.averaged();
        double[] averaged = new double[corr.length];
        for (int c = 0; c < corr.length; c++) averaged[c] = corr[c].of(meanA, meanB);

        int[] ks = TopSets.ks(DEFAULT_KS, extraK, a.components());
        double[] jaccard = new double[ks.length];
        int[] shared = new int[ks.length];
        for (int i = 0; i < ks.length; i++) {
            int[] ta = TopSets.topByAbs(meanA, ks[i]);
            int[] tb = TopSets.topByAbs(meanB, ks[i]);
            jaccard[i] = TopSets.jaccard(ta, tb);
            shared[i] = TopSets.shared(ta, tb);
        }
        List<Outliers.Outlier> outliers = Outliers.top(meanA, meanB, outlierCount);
        KindComparison.TruthScores truthScores = truth == null ? null : truthScores(meanA, meanB, ks, truth, truthFraction);
        return new KindComparison(a, b, perPrompt, summary, averaged, ks, jaccard, shared,
                Outliers.scaleByTotal(meanA), Outliers.scaleByTotal(meanB), outliers, truthScores);
    }

    private static KindComparison.TruthScores truthScores(double[] meanA, double[] meanB, int[] ks, ComponentScores truth,
                                                          double fraction) {
        if (truth.components() != meanA.length) throw new IllegalArgumentException("ground truth width differs");
        GroundTruth set = GroundTruth.of(truth.averaged(), fraction);
        double[] pa = new double[ks.length], ra = new double[ks.length], pb = new double[ks.length], rb = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            int[] ta = TopSets.topByAbs(meanA, ks[i]);
            int[] tb = TopSets.topByAbs(meanB, ks[i]);
            pa[i] = set.precision(ta);
            ra[i] = set.recall(ta);
            pb[i] = set.precision(tb);
            rb[i] = set.recall(tb);
        }
        return new KindComparison.TruthScores(set, truth.prompts(), pa, ra, pb, rb);
    }
}
