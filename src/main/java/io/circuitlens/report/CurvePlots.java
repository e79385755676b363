package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.ablation.Stats;

import java.util.ArrayList;
import java.util.List;

/** Pictures of metrics along a sequence: cumulative ablation and pruning curves, faithfulness, the IG path, an ablation. */
public final class CurvePlots {
    private CurvePlots() {}

    /** One or more curve/prune results on one axis, each as mean ± std over prompts. */
    public static Figure curves(List<CurveResult> results) {
        if (results.isEmpty()) throw new CircuitLensException("curve needs at least one curve or prune result");
        List<LineFigure.Series> series = new ArrayList<>();
        for (CurveResult r : results) series.add(LineFigure.Series.band(curveName(r), r.x(), r.mean(), r.std()));
        boolean prune = results.stream().allMatch(r -> r.meta().kind() == ResultKind.PRUNE);
        boolean curve = results.stream().allMatch(r -> r.meta().kind() == ResultKind.CURVE);
        String title = prune ? "Greedy pruning" : curve ? "Cumulative ablation" : "Ablation curves";
        CurveResult first = results.getFirst();
        String ablation = first.meta().get("ablation");
        return new LineFigure(title + (ablation == null ? "" : " (" + ablation + " ablation)"),
                prune ? "components removed" : "components ablated", metricTitle(first.meta()), false, series, null, Double.NaN, null);
    }

    /** f(k) against k% (log axis) for the signed and the absolute ranking, with bands and CPR/CMD in the legend. */
    public static Figure faithfulness(FaithfulnessResult r) {
        List<LineFigure.Series> series = List.of(
                LineFigure.Series.band("signed ranking (CPR " + fmt(r.cpr()) + ")", r.kPercent(), r.fSigned(), r.stdSigned()),
                LineFigure.Series.band("absolute ranking (CMD " + fmt(r.cmd()) + ")", r.kPercent(), r.fAbs(), r.stdAbs()));
        String scores = r.meta().get("scores");
        return new LineFigure("Faithfulness of circuits from " + (scores == null ? r.meta().name() : fileName(scores)), "circuit size k (% of components, log scale)",
                "f(k) = (m(circuit) − m(empty)) / (m(full) − m(empty))", true, series, null, 1, null);
    }

    /** The metric along the IG path per layer for one hook, with each layer's Split IG cut as a dashed line. */
    public static Figure path(AttributionResult r, ComponentKind kind, int prompt) {
        PathCurves pc = r.paths().get(kind);
        if (pc == null) {
            throw new CircuitLensException(r.name() + ": has no path curves for " + kind.tensor() + " (run attribute --method ig or split-ig with --path-curves"
                    + (r.paths().isEmpty() ? "" : "; it has them for " + r.paths().keySet().iterator().next().tensor()) + ")");
        }
        if (prompt >= pc.prompts()) throw new CircuitLensException(r.name() + ": has " + pc.prompts() + " prompts, --prompt " + prompt + " is out of range");
        List<LineFigure.Series> series = new ArrayList<>();
        boolean cut = false;
        for (int l = 0; l < pc.layers(); l++) {
            LineFigure.Series s = LineFigure.Series.plain("layer " + l, pc.alphas(), pc.metric(l, prompt));
            double split = pc.split(l, prompt);
            if (!Double.isNaN(split) && split < 1) {
                s = s.marked(split);
                cut = true;
            }
            series.add(s);
        }
        String legend = cut ? "Split IG cut (ratio " + r.meta().get("split_ratio") + ", " + r.meta().get("split_rule") + ")" : null;
        String hook = kind == ComponentKind.HEADS ? "attn.hook_z (heads)" : "mlp.hook_post (neurons)";
        return new LineFigure("Metric along the IG path of each layer's " + hook + ", " + ScoreViews.which(prompt, pc.prompts()),
                "α (0 = base run, 1 = the layer fully moved)", metricTitle(r.meta()), false, series, legend, Double.NaN, new double[] {0, 1});
    }

    /** The full, corrupted and ablated metric (mean ± std over prompts) of an ablate result. */
    public static Figure ablation(AblateResult r) {
        float[][] runs = {r.full(), r.corrupted(), r.ablated()};
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int i = 0; i < 3; i++) {
            Stats s = Stats.of(runs[i]);
            mean[i] = s.mean();
            std[i] = s.std();
        }
        String what = r.meta().get("ablated");
        return new BarsFigure("Ablating " + (what == null ? "components" : what) + " (" + r.meta().get("ablation") + ")", metricTitle(r.meta()),
                List.of("full model", "corrupted run", "ablated"), List.of(new BarsFigure.Bars(r.meta().name(), mean, std)));
    }

    private static String curveName(CurveResult r) {
        String order = r.meta().get("order");
        return r.meta().name() + (order == null ? "" : " (" + order + ", " + r.meta().get("rank") + ")");
    }

    static String metricTitle(ResultMeta m) {
        String metric = m.get("metric");
        return "metric" + (metric == null ? "" : " (" + metric + ")") + ", mean over prompts";
    }

    private static String fileName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(i + 1);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
