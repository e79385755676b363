package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.report.AblateResult;
import io.circuitlens.report.AttributionResult;
import io.circuitlens.report.ComponentRef;
import io.circuitlens.report.CurvePlots;
import io.circuitlens.report.CurveResult;
import io.circuitlens.report.FaithfulnessResult;
import io.circuitlens.report.Figure;
import io.circuitlens.report.PatternPlot;
import io.circuitlens.report.Pictures;
import io.circuitlens.report.Result;
import io.circuitlens.report.ResultFiles;
import io.circuitlens.report.Results;
import io.circuitlens.report.ScorePlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code circuitlens plot}: one static picture (SVG or PNG) of one or more result files. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        header = "Draw a picture of result files as SVG or PNG (chosen by the --out extension).",
        description = "Draw a picture of result files as SVG or PNG (chosen by the --out extension). KIND is heads (a layer x "
                + "head heatmap, RdBu centred on 0, of an attribute or ablation-table result), neurons (each layer's --top-k "
                + "neurons by |score|, or with --bins B a layer x neuron-bin heatmap), compare (two results' heatmaps side by "
                + "side on one colour scale), scatter (B's score against A's per component, with y = x and the correlations in "
                + "the title), bars (the --components listed, or the strongest or most disagreeing ones, mean +- std over "
                + "prompts; of an ablate result the full, corrupted and ablated metric), curve (curve and prune results with "
                + "mean +- std bands, or a faithfulness result with CPR and CMD), path (the metric along the IG path per layer "
                + "with the Split IG cuts marked; needs attribute --path-curves) or pattern (attention patterns of --heads, or a "
                + "RESULT's strongest, on --text; runs --model).")
final class PlotCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "KIND", description = "heads, neurons, compare, scatter, bars, curve, path or pattern.")
    String kind;

    @Parameters(index = "1..*", paramLabel = "RESULT", description = "Result files (.safetensors) of attribute, ablation-table, curve, prune, faithfulness or ablate.")
    List<Path> results = List.of();

    @Option(names = "--out", required = true, paramLabel = "FILE.svg|FILE.png", description = "The picture (written atomically).")
    Path out;

    @Option(names = "--prompt", defaultValue = "-1", paramLabel = "I", description = "Show prompt I's scores instead of the mean over prompts.")
    int prompt;

    @Option(names = "--components", paramLabel = "LIST", description = "heads or neurons (default heads where present), or for bars a comma list of L.H / mL.N.")
    String components;

    @Option(names = "--top-k", defaultValue = "10", paramLabel = "K", description = "neurons: per layer; bars: components shown without a list (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--bins", defaultValue = "0", paramLabel = "B", description = "neurons: a layer x B-bin heatmap (each bin shows its strongest neuron) instead of the top-k.")
    int bins;

    @Mixin
    PatternOptions pattern;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Pictures.Format.of(out); // a wrong extension fails before any work
        if (topK < 1) throw new CircuitLensException("--top-k must be at least 1, got " + topK);
        if (bins < 0) throw new CircuitLensException("--bins must not be negative, got " + bins);
        List<Result> rs = ResultFiles.read(results);
        String use = "plot " + kind;
        Figure f = switch (kind) {
            case "heads" -> ScorePlots.heads(one(rs, use), prompt);
            case "neurons" -> ScorePlots.neurons(one(rs, use), prompt, topK, bins);
            case "compare", "scatter" -> {
                Results.count(rs, 2, use);
                List<AttributionResult> ab = Results.all(rs, AttributionResult.class, use);
                ComponentKind k = tableKind(ab.getFirst());
                yield kind.equals("compare") ? ScorePlots.compare(ab.get(0), ab.get(1), k, prompt) : ScorePlots.scatter(ab.get(0), ab.get(1), k);
            }
            case "bars" -> bars(rs, use);
            case "curve" -> curve(rs, use);
            case "path" -> {
                AttributionResult r = one(rs, use);
                boolean onlyNeurons = r.paths().containsKey(ComponentKind.NEURONS) && !r.paths().containsKey(ComponentKind.HEADS);
                yield CurvePlots.path(r, components != null ? tableKind(r) : onlyNeurons ? ComponentKind.NEURONS : ComponentKind.HEADS, prompt);
            }
            case "pattern" -> PatternPlot.of(pattern.capture(rs));
            default -> throw new CircuitLensException("unknown picture '" + kind + "': heads, neurons, compare, scatter, bars, curve, path or pattern");
        };
        Pictures.write(f, out);
        spec.commandLine().getOut().println("wrote " + out);
        spec.commandLine().getOut().flush();
    }

    private AttributionResult one(List<Result> rs, String use) {
        Results.count(rs, 1, use);
        return Results.as(rs.getFirst(), AttributionResult.class, use);
    }

    private Figure bars(List<Result> rs, String use) {
        if (rs.size() == 1 && rs.getFirst() instanceof AblateResult a) return CurvePlots.ablation(a);
        List<AttributionResult> ar = Results.all(rs, AttributionResult.class, use);
        if (ar.isEmpty()) throw new CircuitLensException(use + " needs at least one result file");
        boolean listed = components != null && !components.equals("heads") && !components.equals("neurons");
        return ScorePlots.bars(ar, listed ? ComponentRef.parseList(components) : null, tableKind(ar.getFirst()), topK);
    }

    private Figure curve(List<Result> rs, String use) {
        if (rs.size() == 1 && rs.getFirst() instanceof FaithfulnessResult f) return CurvePlots.faithfulness(f);
        if (rs.isEmpty()) throw new CircuitLensException(use + " needs at least one result file");
        return CurvePlots.curves(Results.all(rs, CurveResult.class, use));
    }

    /** heads or neurons from --components (default: heads when the result has them). */
    private ComponentKind tableKind(AttributionResult r) {
        if (components == null) return r.has(ComponentKind.HEADS) ? ComponentKind.HEADS : ComponentKind.NEURONS;
        return switch (components) {
            case "heads" -> ComponentKind.HEADS;
            case "neurons" -> ComponentKind.NEURONS;
            default -> ComponentRef.parseList(components).getFirst().kind();
        };
    }
}
