package io.circuitlens.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.ablation.AblationCurve;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.Ablator;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.circuit.ComponentTensors;
import io.circuitlens.circuit.Components;
import io.circuitlens.ablation.CumulativeAblation;
import io.circuitlens.ablation.Ranking;
import io.circuitlens.circuit.ScoreFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** {@code circuitlens curve}: the cumulative ablation curve of components ordered by a scores file. */
@Command(name = "curve", mixinStandardHelpOptions = true,
        header = "Ablate components one after another in the order of a scores file and record the metric after each step.",
        description =
                "Ablate components one after another in the order of their scores (an attribute or ablation-table result, " +
                "averaged over prompts) and record the metric after each step. All steps run batched: step k is one row per " +
                "prompt with the first k components ablated. Writes curve F32 [N, S] (S steps; column 0 = nothing ablated), " +
                "curve_mean, curve_std F32 [S], steps I64 [S] (components ablated), order_kind/order_layer/order_index I64 [K] " +
                "(kind 0 = head, 1 = neuron), order_importance F32 [K], metric_clean, metric_corrupted, lengths.")
final class CurveCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Mixin
    AblationOptions ablation;

    @Option(names = "--scores", required = true, paramLabel = "SCORES.safetensors", description = "Result of attribute or ablation-table: heads [N, L, H] and/or neurons [N, L, d_mlp].")
    Path scores;

    @Option(names = "--components", defaultValue = "heads", paramLabel = "LIST", description = "Components to order and ablate: heads (default), neurons, a comma list of L.H / mL.N, or a file of them.")
    String components;

    @Option(names = "--order", defaultValue = "most-first", paramLabel = "ORDER", description = "most-first (default: the most important is ablated first) or least-first.")
    String order;

    @Option(names = "--rank", defaultValue = "signed", paramLabel = "RANK", description = "Importance: signed (default; sign·score, see --sign) or abs (|score|).")
    String rank;

    @Option(names = "--sign", defaultValue = "auto", paramLabel = "SIGN", description = "auto (default: noising and ablation scores are negated, denoising kept, from the file's run record), keep or flip.")
    String sign;

    @Option(names = "--stride", defaultValue = "1", paramLabel = "N", description = "Record every Nth step (the last step is always recorded; default ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "K", description = "Ablate only the first K components of the order (default: all).")
    int maxSteps;

    @Mixin
    ResultOptions output;

    @Mixin
    PlotOptions plots;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Ranking.Order ord = OptionValues.parse("--order", () -> Ranking.Order.parse(order));
        Ranking.Rank rk = OptionValues.parse("--rank", () -> Ranking.Rank.parse(rank));
        ScoreFile.Sign sg = OptionValues.parse("--sign", () -> ScoreFile.Sign.parse(sign));
        if (stride < 1) throw new CircuitLensException("--stride must be at least 1, got " + stride);
        if (maxSteps < 0) throw new CircuitLensException("--max-steps must not be negative, got " + maxSteps);
        ablation.check();
        try (EvalJob job = EvalJob.open(common, data, () -> output.check(spec.commandLine().getErr()))) {
            List<Component> comps = Components.parse(components, job.cfg());
            ScoreFile.Importance sf = ScoreFile.read(scores, job.cfg()).importance(sg);
            ToDoubleFunction<Component> importance = rk.of(sf);
            for (Component c : comps) importance.applyAsDouble(c); // a missing score fails before the long run
            List<Component> ordered = Ranking.order(comps, importance, ord);
            if (maxSteps > 0 && maxSteps < ordered.size()) ordered = ordered.subList(0, maxSteps);
            AblationSpec abl = ablation.spec();
            RunSetup setup = job.setup();
            try (Ablator a = Ablator.open(setup, abl, ordered)) {
                AblationCurve curve;
                try (BarProgress progress = output.progress("curve", spec.commandLine().getErr())) {
                    curve = CumulativeAblation.run(a, ordered, stride, progress);
                }
                double[] imp = ordered.stream().mapToDouble(importance).toArray();
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("curve", EvalJob.promptsFirst(curve.metric()));
                t.put("curve_mean", EvalJob.vector(curve.means()));
                t.put("curve_std", EvalJob.vector(curve.stds()));
                t.put("steps", EvalJob.longs(curve.steps()));
                t.putAll(ComponentTensors.ordered("order", ordered));
                t.put("order_importance", EvalJob.vector(imp));
                ObjectNode record = job.record("curve", abl, components);
                record.put("scores", scores.toString()).put("order", ord.label()).put("rank", rk.label()).put("sign", sf.sign())
                        .put("sign_reason", sf.reason()).put("stride", stride).put("max_steps", maxSteps);
                job.write(output.out, t, a.metricClean(), a.metricCorrupted(), record);
                print(spec.commandLine().getOut(), job, abl, curve, ord, rk, sf, imp);
                plots.draw(output.out, spec.commandLine().getOut());
            }
        }
    }

    private void print(PrintWriter w, EvalJob job, AblationSpec abl, AblationCurve curve, Ranking.Order ord, Ranking.Rank rk, ScoreFile.Importance sf,
                       double[] imp) {
        w.printf("curve: %s ablation of %d components, %s by %s importance (%s), on %d pairs, %s, %.1f s -> %s%n",
                abl.describe(), curve.order().size(), ord.label(), rk.label(), sf.reason(), job.task.size(), job.metric.name(),
                job.seconds(), output.out);
        w.printf("%6s %-10s %11s %11s %11s%n", "steps", "last", "importance", "mean", "std");
        double[] mean = curve.means();
        double[] std = curve.stds();
        int[] steps = curve.steps();
        for (int i = 0; i < steps.length; i++) {
            if (steps.length > 2 * EvalPrint.MAX_ROWS && i >= EvalPrint.MAX_ROWS && i < steps.length - 5) {
                if (i == EvalPrint.MAX_ROWS) w.println("   ...");
                continue;
            }
            String last = steps[i] == 0 ? "(none)" : curve.order().get(steps[i] - 1).label();
            String im = steps[i] == 0 ? "" : String.format("%.4g", imp[steps[i] - 1]);
            w.printf("%6d %-10s %11s %11.4f %11.4f%n", steps[i], last, im, mean[i], std[i]);
        }
    }
}
