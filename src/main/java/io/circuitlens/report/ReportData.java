package io.circuitlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.compare.Comparison;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.compare.Correlation;
import io.circuitlens.compare.DirectionPair;
import io.circuitlens.compare.KindComparison;
import io.circuitlens.compare.LatentAnalysis;
import io.circuitlens.compare.LatentKind;
import io.circuitlens.compare.Outliers;
import io.circuitlens.ablation.Stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers an HTML report shows, as one JSON tree that the page's script draws from: run records, score tables
 * (prompt-averaged, and per prompt while small), comparisons of every pair of attribution results, latent components
 * of every noising/denoising pair, curves, faithfulness, ablations, patterns. Comparisons and latent components are
 * computed here with the compare package, so the report says what {@code compare} and {@code latent} would.
 */
final class ReportData {
    /** Per-prompt head scores are embedded up to this many numbers per result (beyond it the page offers the mean only). */
    static final int MAX_PER_PROMPT = 200_000;
    /** Neuron bins in the report's layer × neuron heatmap. */
    static final int NEURON_BINS = 64;
    /** Neurons per result listed in the components table. */
    static final int TABLE_NEURONS = 30;
    /** Pairs of results compared at most (a report of many results stays readable). */
    static final int MAX_PAIRS = 6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportData() {}

    static ObjectNode of(ReportInput in, String generated) {
        ObjectNode root = JSON.createObjectNode();
        root.put("title", in.title()).put("generated", generated).put("tool", "circuitlens 0.1.0");
        ArrayNode runs = root.putArray("runs");
        List<AttributionResult> attributions = new ArrayList<>();
        ArrayNode attr = root.putArray("attributions");
        ArrayNode curves = root.putArray("curves");
        ArrayNode faith = root.putArray("faithfulness");
        ArrayNode ablations = root.putArray("ablations");
        for (Result r : in.results()) {
            run(runs.addObject(), r.meta());
            switch (r) {
                case AttributionResult a -> {
                    attributions.add(a);
                    attribution(attr.addObject(), a);
                }
                case CurveResult c -> curve(curves.addObject(), c);
                case FaithfulnessResult f -> faithfulness(faith.addObject(), f);
                case AblateResult b -> ablation(ablations.addObject(), b);
            }
        }
        ArrayNode notes = root.putArray("notes");
        comparisons(root.putArray("comparisons"), attributions, notes);
        latent(root.putArray("latent"), attributions, notes);
        if (in.patterns() != null) patterns(root.putObject("patterns"), in.patterns());
        return root;
    }

    private static void run(ObjectNode o, ResultMeta m) {
        o.put("name", m.name()).put("file", m.file().toString()).put("kind", m.kind().command()).put("describe", m.describe());
        ObjectNode f = o.putObject("fields");
        m.run().fields().forEach(f::put);
    }

    private static void attribution(ObjectNode o, AttributionResult a) {
        o.put("name", a.name()).put("label", a.meta().shortLabel()).put("describe", a.meta().describe());
        putIfSet(o, "metric", a.meta().get("metric"));
        putIfSet(o, "direction", a.meta().direction());
        if (a.scores().metricClean() != null) o.put("metricClean", Stats.mean(a.scores().metricClean()));
        if (a.scores().metricCorrupted() != null) o.put("metricCorrupted", Stats.mean(a.scores().metricCorrupted()));
        for (ComponentKind k : ComponentKind.values()) {
            if (!a.has(k)) continue;
            ComponentScores t = a.table(k);
            ObjectNode s = o.putObject(k.tensor());
            s.put("prompts", t.prompts()).put("layers", t.layers()).put("width", t.width());
            numbers(s.putArray("mean"), t.averaged());
            numbers(s.putArray("std"), ScoreViews.std(t));
            if (k == ComponentKind.HEADS && (long) t.prompts() * t.components() <= MAX_PER_PROMPT) {
                ArrayNode per = s.putArray("perPrompt");
                for (int p = 0; p < t.prompts(); p++) numbers(per.addArray(), t.prompt(p));
            }
            if (k == ComponentKind.NEURONS) {
                Grid g = ScorePlots.neuronBins(a.name(), t, t.averaged(), NEURON_BINS);
                ObjectNode b = s.putObject("bins");
                b.put("title", g.colTitle());
                strings(b.putArray("cols"), g.colLabels());
                numbers(b.putArray("values"), g.values());
                strings(b.putArray("tips"), List.of(g.tooltips()));
            }
        }
        ArrayNode paths = o.putArray("paths");
        for (ComponentKind k : ComponentKind.values()) {
            PathCurves pc = a.paths().get(k);
            if (pc == null) continue;
            ObjectNode p = paths.addObject();
            p.put("kind", k.tensor()).put("prompts", pc.prompts());
            numbers(p.putArray("alphas"), pc.alphas());
            ArrayNode layers = p.putArray("layers");
            ArrayNode split = p.putArray("split");
            for (int l = 0; l < pc.layers(); l++) {
                numbers(layers.addArray(), pc.metric(l, -1));
                double s = pc.split(l, -1);
                if (Double.isNaN(s)) split.addNull(); else split.add(s);
            }
            putIfSet(p, "splitRatio", a.meta().get("split_ratio"));
            putIfSet(p, "splitRule", a.meta().get("split_rule"));
        }
    }

    /** Every pair of attribution results (up to MAX_PAIRS) on every kind both have; a pair that cannot be compared becomes a note. */
    private static void comparisons(ArrayNode out, List<AttributionResult> rs, ArrayNode notes) {
        int pairs = 0;
        for (int i = 0; i < rs.size(); i++) {
            for (int j = i + 1; j < rs.size(); j++) {
                if (pairs++ >= MAX_PAIRS) {
                    notes.add("only the first " + MAX_PAIRS + " pairs of results are compared");
                    return;
                }
                AttributionResult a = rs.get(i);
                AttributionResult b = rs.get(j);
                Comparison c;
                try {
                    c = Comparison.of(a.scores(), b.scores(), null, new Comparison.Settings("both", 0, 10, 0.1));
                } catch (CircuitLensException e) {
                    notes.add(a.name() + " and " + b.name() + " are not compared: " + e.getMessage());
                    continue;
                }
                for (KindComparison k : c.kinds()) comparison(out.addObject(), i, j, c, k);
            }
        }
    }

    private static void comparison(ObjectNode o, int a, int b, Comparison c, KindComparison k) {
        o.put("a", a).put("b", b).put("kind", k.kind().tensor());
        o.put("negateA", c.orientation().negateA()).put("negateB", c.orientation().negateB());
        strings(o.putArray("notes"), c.notes());
        ArrayNode corr = o.putArray("correlations");
        for (Correlation x : Correlation.values()) {
            ObjectNode e = corr.addObject().put("name", x.title());
            number(e, "averaged", k.averaged()[x.ordinal()]);
            number(e, "mean", k.perPromptSummary()[x.ordinal()].mean());
            number(e, "std", k.perPromptSummary()[x.ordinal()].std());
            e.put("prompts", k.perPromptSummary()[x.ordinal()].count());
        }
        ArrayNode top = o.putArray("topk");
        for (int i = 0; i < k.ks().length; i++) {
            ObjectNode e = top.addObject().put("k", k.ks()[i]).put("shared", k.shared()[i]);
            number(e, "jaccard", k.jaccard()[i]);
        }
        ArrayNode outliers = o.putArray("outliers");
        for (Outliers.Outlier x : k.outliers()) {
            ObjectNode e = outliers.addObject().put("component", k.a().label(x.index()));
            number(e, "a", x.a());
            number(e, "b", x.b());
            number(e, "scaledA", x.scaledA());
            number(e, "scaledB", x.scaledB());
        }
    }

    /** Latent components of every pair of one noising and one denoising result of the same method. */
    private static void latent(ArrayNode out, List<AttributionResult> rs, ArrayNode notes) {
        for (int i = 0; i < rs.size(); i++) {
            for (int j = i + 1; j < rs.size(); j++) {
                String di = rs.get(i).meta().direction();
                String dj = rs.get(j).meta().direction();
                // one method in both directions: a pair of different methods would mix method and direction
                if (di == null || dj == null || di.equals(dj) || !java.util.Objects.equals(rs.get(i).meta().method(), rs.get(j).meta().method())) continue;
                LatentAnalysis la;
                try {
                    la = LatentAnalysis.of(DirectionPair.of(rs.get(i).scores(), rs.get(j).scores()), "both", 0.05, 0.01);
                } catch (CircuitLensException e) {
                    notes.add(rs.get(i).name() + " and " + rs.get(j).name() + ": no latent analysis: " + e.getMessage());
                    continue;
                }
                for (LatentKind k : la.kinds()) {
                    ObjectNode o = out.addObject();
                    o.put("noising", la.pair().noising().name()).put("denoising", la.pair().denoising().name()).put("kind", k.kind().tensor());
                    o.put("layers", k.noisingScores().layers()).put("width", k.noisingScores().width());
                    number(o, "noisingFull", la.noisingFull());
                    number(o, "denoisingFull", la.denoisingFull());
                    numbers(o.putArray("asymmetry"), k.asymmetry());
                    numbers(o.putArray("noisingFraction"), k.noising());
                    numbers(o.putArray("denoisingFraction"), k.denoising());
                    labels(o.putArray("noisingOnly"), k, k.only(1));
                    labels(o.putArray("denoisingOnly"), k, k.only(-1));
                    strings(o.putArray("notes"), la.notes());
                }
            }
        }
    }

    private static void curve(ObjectNode o, CurveResult c) {
        o.put("name", c.meta().name()).put("kind", c.meta().kind().command()).put("describe", c.meta().describe());
        numbers(o.putArray("x"), c.x());
        numbers(o.putArray("mean"), c.mean());
        numbers(o.putArray("std"), c.std());
        strings(o.putArray("order"), c.order());
        putIfSet(o, "metric", c.meta().get("metric"));
    }

    private static void faithfulness(ObjectNode o, FaithfulnessResult f) {
        o.put("name", f.meta().name()).put("describe", f.meta().describe());
        putIfSet(o, "scores", f.meta().get("scores"));
        numbers(o.putArray("k"), f.kPercent());
        ArrayNode kept = o.putArray("kept");
        for (int v : f.kept()) kept.add(v);
        numbers(o.putArray("fSigned"), f.fSigned());
        numbers(o.putArray("fAbs"), f.fAbs());
        numbers(o.putArray("stdSigned"), f.stdSigned());
        numbers(o.putArray("stdAbs"), f.stdAbs());
        number(o, "cpr", f.cpr());
        number(o, "cmd", f.cmd());
        number(o, "cprAbs", f.cprAbs());
        number(o, "cmdSigned", f.cmdSigned());
    }

    private static void ablation(ObjectNode o, AblateResult b) {
        o.put("name", b.meta().name()).put("describe", b.meta().describe());
        putIfSet(o, "ablated", b.meta().get("ablated"));
        ArrayNode rows = o.putArray("rows");
        String[] names = {"full model", "corrupted run", "ablated"};
        float[][] runs = {b.full(), b.corrupted(), b.ablated()};
        for (int i = 0; i < 3; i++) {
            Stats s = Stats.of(runs[i]);
            ObjectNode r = rows.addObject().put("run", names[i]);
            number(r, "mean", s.mean());
            number(r, "std", s.std());
        }
    }

    private static void patterns(ObjectNode o, AttentionPatterns p) {
        o.put("text", p.text());
        ArrayNode tokens = o.putArray("tokens");
        for (String t : p.tokens()) tokens.add(PatternPlot.shown(t));
        ArrayNode heads = o.putArray("heads");
        for (AttentionPatterns.Head h : p.heads()) {
            ObjectNode e = heads.addObject().put("label", h.label());
            ArrayNode v = e.putArray("pattern");
            for (float x : h.pattern()) v.add(x);
        }
    }

    private static void labels(ArrayNode out, LatentKind k, int[] flat) {
        for (int i : flat) out.add(k.label(i));
    }

    private static void numbers(ArrayNode out, double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) out.add((float) x); else out.addNull(); // float: the scores' own precision, half the digits; JSON has no NaN
        }
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, (float) v); else o.putNull(key);
    }

    private static void strings(ArrayNode out, List<String> v) {
        for (String s : v) out.add(s);
    }

    private static void putIfSet(ObjectNode o, String key, String v) {
        if (v != null) o.put(key, v);
    }
}
