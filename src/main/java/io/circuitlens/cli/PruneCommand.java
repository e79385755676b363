package io.circuitlens.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.CircuitLensException;
import io.circuitlens.attribution.ComponentList.Component;
import io.circuitlens.evaluation.AblationSetup;
import io.circuitlens.evaluation.Ablator;
import io.circuitlens.evaluation.ComponentTensors;
import io.circuitlens.evaluation.Components;
import io.circuitlens.evaluation.GreedyPruning;
import io.circuitlens.tensor.FloatTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code circuitlens prune}: greedy node pruning down to a circuit. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = {
        "Greedy pruning: each round ablates every remaining candidate on top of the ones already removed (one batched job)",
        "and removes the one that keeps the mean metric highest, until none is left, --max-steps removals, or the best",
        "removal would bring the mean metric below --stop-below times the full model's. Writes curve F32 [N, S] (column 0",
        "= nothing removed, column k = after k removals), curve_mean, curve_std F32 [S], steps I64 [S],",
        "order_kind/order_layer/order_index I64 [K] (removal order; kind 0 = head, 1 = neuron), candidate_mean F32 [R, C]",
        "(round r's mean metric for removing candidate c; NaN once removed), heads_removed [L, H] / neurons_removed",
        "[L, d_mlp] F32 masks (1 = removed; what export-circuit --prune reads), metric_clean, metric_corrupted, lengths."})
final class PruneCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Mixin
    AblationOptions ablation;

    @Option(names = "--components", defaultValue = "heads", paramLabel = "LIST", description = "Candidates: heads (default), neurons, a comma list of L.H / mL.N, or a file of them.")
    String components;

    @Option(names = "--stop-below", paramLabel = "F", description = "Stop before a removal that would bring the mean metric below F times the full model's (needs a positive metric).")
    Double stopBelow;

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
        if (stopBelow != null && !Double.isFinite(stopBelow)) throw new CircuitLensException("--stop-below must be a number, got " + stopBelow);
        try (EvalJob job = EvalJob.open(common, data)) {
            List<Component> candidates = Components.parse(components, job.cfg());
            AblationSetup setup = job.setup(ablation);
            try (Ablator a = Ablator.open(setup, candidates)) {
                GreedyPruning.Result r;
                try (BarProgress progress = new BarProgress(!output.quiet, "prune")) {
                    r = GreedyPruning.run(a, candidates, stopBelow == null ? Double.NaN : stopBelow, maxSteps, progress);
                }
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("curve", EvalJob.promptsFirst(r.curve().metric()));
                t.put("curve_mean", EvalJob.vector(r.curve().means()));
                t.put("curve_std", EvalJob.vector(r.curve().stds()));
                t.put("steps", EvalJob.longs(r.curve().steps()));
                t.putAll(ComponentTensors.ordered("order", r.removed()));
                t.put("candidate_mean", candidateMeans(r.candidateMeans(), candidates.size()));
                t.putAll(ComponentTensors.masks("removed", job.cfg(), r.removed(), candidates));
                ObjectNode record = job.record("prune", setup.spec(), components);
                if (stopBelow != null) record.put("stop_below", stopBelow);
                record.put("max_steps", maxSteps).put("stop", r.stop());
                record.put("removed", Components.labels(r.removed(), Integer.MAX_VALUE));
                record.put("kept", Components.labels(r.kept(), Integer.MAX_VALUE));
                job.write(output.out, t, a.metricClean(), a.metricCorrupted(), record);
                print(spec.commandLine().getOut(), job, setup, r);
                plots.draw(output.out, spec.commandLine().getOut());
            }
        }
    }

    private static FloatTensor candidateMeans(double[][] rounds, int candidates) {
        float[] out = new float[rounds.length * candidates];
        for (int i = 0; i < rounds.length; i++) for (int c = 0; c < candidates; c++) out[i * candidates + c] = (float) rounds[i][c];
        return new FloatTensor(new int[] {rounds.length, candidates}, out);
    }

    private void print(PrintWriter w, EvalJob job, AblationSetup setup, GreedyPruning.Result r) {
        w.printf("prune: greedy %s ablation of %d candidates on %d pairs, %s, %.1f s -> %s%n", setup.spec().describe(), r.candidates().size(),
                job.task.size(), job.metric.name(), job.seconds(), output.out);
        w.printf("stopped: %s%n", r.stop());
        w.printf("%6s %-10s %11s %11s%n", "step", "removed", "mean", "std");
        double[] mean = r.curve().means();
        double[] std = r.curve().stds();
        for (int i = 0; i < mean.length; i++) {
            if (mean.length > 2 * EvalPrint.MAX_ROWS && i >= EvalPrint.MAX_ROWS && i < mean.length - 5) {
                if (i == EvalPrint.MAX_ROWS) w.println("   ...");
                continue;
            }
            w.printf("%6d %-10s %11.4f %11.4f%n", i, i == 0 ? "(none)" : r.removed().get(i - 1).label(), mean[i], std[i]);
        }
        w.printf("circuit: %d of %d candidates kept: %s%n", r.kept().size(), r.candidates().size(), Components.labels(r.kept(), 60));
    }
}
