package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.compare.Comparison;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.compare.Correlation;
import io.circuitlens.compare.KindComparison;
import io.circuitlens.compare.Orientation;
import io.circuitlens.compare.Outliers;

import java.util.ArrayList;
import java.util.List;

/** Pictures of component scores: layer × head and layer × neuron heatmaps, two methods side by side, scatter, bars. */
public final class ScorePlots {
    /** Components the outlier bars show when none are listed. */
    public static final int DEFAULT_TOP = 12;

    private ScorePlots() {}

    /** Layer × head heatmap of one result, prompt-averaged (prompt −1) or one prompt. */
    public static Figure heads(AttributionResult r, int prompt) {
        ComponentScores t = r.table(ComponentKind.HEADS);
        double[] v = ScoreViews.values(t, prompt, r.name());
        Grid g = headGrid(r.name(), t, v);
        return new HeatmapFigure("Heads: " + r.meta().describe() + " (" + ScoreViews.which(prompt, t.prompts()) + ")", List.of(g),
                ColorScale.divergingFor(v), scoreTitle(r));
    }

    /**
     * Neurons: with {@code bins} > 0 a layer × bin heatmap, each bin showing its strongest neuron's (signed) score, so
     * that a single outlier neuron stays visible; otherwise each layer's {@code topK} neurons by |score|, the cell
     * showing the neuron's index.
     */
    public static Figure neurons(AttributionResult r, int prompt, int topK, int bins) {
        ComponentScores t = r.table(ComponentKind.NEURONS);
        double[] v = ScoreViews.values(t, prompt, r.name());
        String when = " (" + ScoreViews.which(prompt, t.prompts()) + ")";
        Grid g = bins > 0 ? neuronBins(r.name(), t, v, bins) : topNeurons(r.name(), t, v, topK);
        return new HeatmapFigure("Neurons: " + r.meta().describe() + when, List.of(g), ColorScale.divergingFor(g.values()), scoreTitle(r));
    }

    /** Two results' layer × head (or neuron-bin) heatmaps side by side on one colour scale. */
    public static Figure compare(AttributionResult a, AttributionResult b, ComponentKind kind, int prompt) {
        Orientation o = Orientation.of(a.name(), a.scores().run(), b.name(), b.scores().run());
        ComponentScores ta = o.applyA(a.table(kind));
        ComponentScores tb = o.applyB(b.table(kind));
        if (!ta.sameShape(tb)) {
            throw new CircuitLensException(b.name() + ": its " + kind.tensor() + " table " + java.util.Arrays.toString(tb.shape()) + " differs from "
                    + a.name() + "'s " + java.util.Arrays.toString(ta.shape()) + " [prompts, layers, width]: not the same model and prompts");
        }
        double[] va = ScoreViews.values(ta, prompt, a.name());
        double[] vb = ScoreViews.values(tb, prompt, b.name());
        List<Grid> panels = kind == ComponentKind.HEADS
                ? List.of(headGrid(label(a, o.negateA()), ta, va), headGrid(label(b, o.negateB()), tb, vb))
                : List.of(neuronBins(label(a, o.negateA()), ta, va, 64), neuronBins(label(b, o.negateB()), tb, vb, 64));
        ColorScale scale = ColorScale.divergingFor(panels.get(0).values(), panels.get(1).values());
        return new HeatmapFigure(a.meta().shortLabel() + " vs " + b.meta().shortLabel() + ": " + kind.tensor() + ", one colour scale ("
                + ScoreViews.which(prompt, ta.prompts()) + ")", panels, scale, "score");
    }

    /** B's prompt-averaged score against A's per component, with y = x and the correlations in the title. */
    public static Figure scatter(AttributionResult a, AttributionResult b, ComponentKind kind) {
        KindComparison k = comparison(a, b, kind);
        double[] x = k.a().averaged();
        double[] y = k.b().averaged();
        List<ScatterFigure.Point> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) pts.add(new ScatterFigure.Point(x[i], y[i], k.a().label(i)));
        String title = kind.tensor() + ": Pearson r = " + fmt(k.averaged()[Correlation.PEARSON.ordinal()]) + ", Spearman ρ = "
                + fmt(k.averaged()[Correlation.SPEARMAN.ordinal()]) + " (prompt-averaged, " + x.length + " components)";
        return new ScatterFigure(title, a.meta().shortLabel() + " score", b.meta().shortLabel() + " score", pts, 5);
    }

    /**
     * Bars of the listed components' mean scores (± std over prompts) in each result; without a list, one result's
     * {@code top} strongest components, or two results' {@code top} largest disagreements on compare's scale (each
     * score divided by its method's Σ|score|).
     */
    public static Figure bars(List<AttributionResult> results, List<ComponentRef> listed, ComponentKind kind, int top) {
        if (results.isEmpty()) throw new CircuitLensException("bars needs at least one result");
        if (listed != null) return listedBars(results, listed);
        if (results.size() == 1) {
            AttributionResult r = results.getFirst();
            ComponentScores t = r.table(kind);
            double[] mean = t.averaged();
            int[] order = ScoreViews.byAbs(mean);
            List<ComponentRef> refs = new ArrayList<>();
            for (int i = 0; i < Math.min(top, order.length); i++) refs.add(new ComponentRef(kind, order[i] / t.width(), order[i] % t.width()));
            return listedBars(results, refs);
        }
        if (results.size() != 2) throw new CircuitLensException("outlier bars compare two results; list components with --components for more");
        AttributionResult a = results.get(0);
        AttributionResult b = results.get(1);
        KindComparison k = comparison(a, b, kind);
        List<Outliers.Outlier> out = Outliers.top(k.a().averaged(), k.b().averaged(), top);
        List<String> names = out.stream().map(o -> k.a().label(o.index())).toList();
        double[] sa = out.stream().mapToDouble(Outliers.Outlier::scaledA).toArray();
        double[] sb = out.stream().mapToDouble(Outliers.Outlier::scaledB).toArray();
        return new BarsFigure("Largest disagreements: " + a.meta().shortLabel() + " vs " + b.meta().shortLabel(), "score / Σ|score| of its method", names,
                List.of(new BarsFigure.Bars(a.meta().shortLabel(), sa, null), new BarsFigure.Bars(b.meta().shortLabel(), sb, null)));
    }

    private static Figure listedBars(List<AttributionResult> results, List<ComponentRef> refs) {
        List<BarsFigure.Bars> series = new ArrayList<>();
        for (AttributionResult r : results) {
            double[] v = new double[refs.size()];
            double[] e = new double[refs.size()];
            for (int i = 0; i < refs.size(); i++) {
                ComponentScores t = r.table(refs.get(i).kind());
                int flat = refs.get(i).flat(t, r.name());
                v[i] = t.averaged()[flat];
                e[i] = ScoreViews.std(t)[flat];
            }
            series.add(new BarsFigure.Bars(r.meta().shortLabel() + (results.size() > 1 ? " · " + r.name() : ""), v, e));
        }
        String title = results.size() == 1 ? "Scores: " + results.getFirst().meta().describe() : "Scores of " + results.size() + " results";
        return new BarsFigure(title + " (mean ± std over prompts)", "score", refs.stream().map(ComponentRef::label).toList(), series);
    }

    static KindComparison comparison(AttributionResult a, AttributionResult b, ComponentKind kind) {
        Comparison c = Comparison.of(a.scores(), b.scores(), null, new Comparison.Settings(kind.tensor(), 0, 10, 0.1));
        return c.kinds().getFirst();
    }

    static Grid headGrid(String title, ComponentScores t, double[] v) {
        int[] rank = ScoreViews.ranksByAbs(v);
        String[] tips = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            tips[i] = "head " + t.label(i) + " (L" + i / t.width() + "H" + i % t.width() + "): " + Scale.number(v[i]) + ", rank " + rank[i] + " by |score|";
        }
        return new Grid(title, t.layers(), t.width(), v, "layer", Grid.indices(t.layers()), "head", Grid.indices(t.width()), null, tips);
    }

    static Grid neuronBins(String title, ComponentScores t, double[] v, int bins) {
        int b = Math.max(1, Math.min(bins, t.width()));
        int per = (t.width() + b - 1) / b;
        b = (t.width() + per - 1) / per;
        double[] cell = new double[t.layers() * b];
        String[] tips = new String[cell.length];
        List<String> cols = new ArrayList<>();
        for (int k = 0; k < b; k++) cols.add(Integer.toString(k * per));
        for (int l = 0; l < t.layers(); l++) {
            for (int k = 0; k < b; k++) {
                int from = l * t.width() + k * per;
                int to = Math.min(from + per, (l + 1) * t.width());
                int best = from;
                for (int i = from; i < to; i++) if (Math.abs(v[i]) > Math.abs(v[best])) best = i;
                cell[l * b + k] = v[best];
                tips[l * b + k] = "neurons " + (k * per) + "-" + (to - l * t.width() - 1) + " of layer " + l + ": strongest " + t.label(best) + " = "
                        + Scale.number(v[best]);
            }
        }
        return new Grid(title, t.layers(), b, cell, "layer", Grid.indices(t.layers()), per == 1 ? "neuron" : "neuron (bins of " + per + ", strongest shown)",
                cols, null, tips);
    }

    private static Grid topNeurons(String title, ComponentScores t, double[] v, int topK) {
        int k = Math.max(1, Math.min(topK, t.width()));
        double[] cell = new double[t.layers() * k];
        String[] text = new String[cell.length];
        String[] tips = new String[cell.length];
        for (int l = 0; l < t.layers(); l++) {
            double[] layer = ScoreViews.slice(v, l * t.width(), (l + 1) * t.width());
            int[] order = ScoreViews.byAbs(layer);
            for (int r = 0; r < k; r++) {
                cell[l * k + r] = layer[order[r]];
                text[l * k + r] = Integer.toString(order[r]);
                tips[l * k + r] = "neuron " + t.label(l * t.width() + order[r]) + ": " + Scale.number(layer[order[r]]) + ", rank " + (r + 1) + " in layer " + l;
            }
        }
        List<String> ranks = new ArrayList<>();
        for (int r = 1; r <= k; r++) ranks.add(Integer.toString(r));
        return new Grid(title, t.layers(), k, cell, "layer", Grid.indices(t.layers()), "rank by |score| in the layer (cell: neuron index)", ranks, text, tips);
    }

    private static String label(AttributionResult r, boolean negated) {
        return r.meta().shortLabel() + (negated ? ", negated" : "") + " · " + r.name();
    }

    private static String scoreTitle(AttributionResult r) {
        String metric = r.meta().get("metric");
        return metric == null ? "score" : "score (" + metric + ")";
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
