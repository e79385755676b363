package io.circuitlens.cli;

import io.circuitlens.Ablations;
import io.circuitlens.Study;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Components;
import io.circuitlens.ablation.GreedyPruning;
import io.circuitlens.ablation.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code circuitlens prune}: greedy node pruning down to a circuit. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        header = "Find a circuit by greedy pruning: remove the least needed component while faithfulness stays above a threshold.",
        description =
                "Each round ablates every remaining candidate on top of the ones already removed (one batched job) and removes " +
                "the one that keeps the mean metric highest, until the best removal would bring the circuit's faithfulness below " +
                "--stop-below (default 0.8), --max-steps removals are made, or none is left. Writes curve F32 [N, S] (column 0 " +
                "= nothing removed, column k = after k removals), curve_mean, curve_std F32 [S], steps I64 [S], " +
                "order_kind/order_layer/order_index I64 [K] (removal order; kind 0 = head, 1 = neuron), candidate_mean F32 [R, C] " +
                "(round r's mean metric for removing candidate c; NaN once removed), heads_removed [L, H] / neurons_removed " +
                "[L, d_mlp] F32 masks (1 = removed; what export-circuit --prune reads), metric_empty F32 [N] (every candidate " +
                "ablated), metric_clean, metric_corrupted, lengths.")
final class PruneCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Mixin
    AblationOptions ablation;

    @Option(names = "--components", defaultValue = "heads", paramLabel = "LIST", description = "Candidates: heads (default), neurons, a comma list of L.H / mL.N, or a file of them.")
    String components;

    @Option(names = "--stop-below", defaultValue = "0.8", paramLabel = "F", description = "Stop before a removal that would bring the "
            + "circuit's faithfulness f = (m - m(empty)) / (m(full) - m(empty)) below F, m the mean metric and m(empty) the one with every "
            + "candidate ablated (default ${DEFAULT-VALUE}: the smallest circuit found that keeps 80%% of what the candidates add to the "
            + "metric); none: prune every candidate (the whole greedy order).")
    String stopBelow;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "K", description = "At most this many removals (default: until none is left).")
    int maxSteps;

    @Mixin
    ResultOptions output;

    @Mixin
    PlotOptions plots;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (maxSteps < 0) throw new CircuitLensException("--max-steps must not be negative, got " + maxSteps);
        double threshold = threshold();
        ablation.check();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelJob job = ModelJob.open(common, data, () -> output.check(err), err)) {
            List<Component> candidates = job.components(components);
            try (Ablations a = job.ablations(ablation.spec(), candidates)) {
                Study<GreedyPruning.Result> s;
                try (BarProgress progress = output.progress("prune", err)) {
                    s = a.prune(candidates, threshold, maxSteps, progress);
                }
                s.record().put("components", components);
                s.write(output.out);
                print(spec.commandLine().getOut(), a, s, threshold);
                plots.draw(output.out, spec.commandLine().getOut());
            }
        }
    }

    /** --stop-below as a number, or NaN for none. */
    private double threshold() {
        if (stopBelow.equals("none")) return Double.NaN;
        try {
            double v = Double.parseDouble(stopBelow);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CircuitLensException("--stop-below must be a number (a faithfulness such as 0.8) or none, got '" + stopBelow + "'");
    }

    private void print(PrintWriter w, Ablations a, Study<GreedyPruning.Result> s, double threshold) {
        GreedyPruning.Result r = s.value();
        w.printf("prune: greedy %s ablation of %d candidates on %d pairs, %s, %.1f s -> %s%n", a.spec().describe(), r.candidates().size(),
                a.pairs().size(), s.record().metric(), s.seconds(), output.out);
        double full = r.curve().means()[0];
        double empty = Stats.mean(r.metricEmpty());
        w.printf("rule: each round removes the candidate whose ablation keeps the mean metric m highest; %s%n", Double.isNaN(threshold)
                ? "no faithfulness threshold (--stop-below none)"
                : String.format("stop before faithfulness f = (m - m(empty)) / (m(full) - m(empty)) would fall below %s", threshold));
        w.printf("m(full) %.4f, m(empty) %.4f (every candidate ablated)%n", full, empty);
        w.printf("stopped: %s%n", r.stop());
        w.printf("%6s %-10s %11s %11s %8s%n", "step", "removed", "mean", "std", "f");
        double[] mean = r.curve().means();
        double[] std = r.curve().stds();
        for (int i = 0; i < mean.length; i++) {
            if (mean.length > 2 * EvalPrint.MAX_ROWS && i >= EvalPrint.MAX_ROWS && i < mean.length - 5) {
                if (i == EvalPrint.MAX_ROWS) w.println("   ...");
                continue;
            }
            w.printf("%6d %-10s %11.4f %11.4f %8.4f%n", i, i == 0 ? "(none)" : r.removed().get(i - 1).label(), mean[i], std[i],
                    r.faithfulness(mean[i]));
        }
        w.printf("circuit: %d of %d candidates kept (f %.4f): %s%n", r.kept().size(), r.candidates().size(),
                r.faithfulness(mean[mean.length - 1]), Components.labels(r.kept(), 60));
    }
}
