package io.circuitlens.cli;

import io.circuitlens.Ablations;
import io.circuitlens.Study;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.ablation.AblationCurve;
import io.circuitlens.ablation.Ranking;
import io.circuitlens.circuit.ScoreFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

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
        PrintWriter err = spec.commandLine().getErr();
        try (ModelJob job = ModelJob.open(common, data, () -> output.check(err), err)) {
            List<Component> comps = job.components(components);
            ScoreFile.Importance sf = ScoreFile.read(scores, job.lens().config()).importance(sg);
            for (Component c : comps) sf.score(c); // a missing score fails before the long run
            try (Ablations a = job.ablations(ablation.spec(), comps)) {
                Study<AblationCurve> s;
                try (BarProgress progress = output.progress("curve", err)) {
                    s = a.curve(comps, sf, rk, ord, stride, maxSteps, progress);
                }
                s.record().put("components", components);
                s.write(output.out);
                double[] imp = s.file().floats("order_importance") == null ? new double[0]
                        : toDouble(s.file().floats("order_importance").data());
                print(spec.commandLine().getOut(), a, s, ord, rk, sf, imp);
                plots.draw(output.out, spec.commandLine().getOut());
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private void print(PrintWriter w, Ablations a, Study<AblationCurve> s, Ranking.Order ord, Ranking.Rank rk, ScoreFile.Importance sf,
                       double[] imp) {
        AblationCurve curve = s.value();
        w.printf("curve: %s ablation of %d components, %s by %s importance (%s), on %d pairs, %s, %.1f s -> %s%n",
                a.spec().describe(), curve.order().size(), ord.label(), rk.label(), sf.reason(), a.pairs().size(), s.record().metric(),
                s.seconds(), output.out);
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
