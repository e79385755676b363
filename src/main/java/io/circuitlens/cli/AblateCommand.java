package io.circuitlens.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.circuit.Component;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.Ablator;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.circuit.Components;
import io.circuitlens.tensor.FloatTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** {@code circuitlens ablate}: the metric with a set of heads and neurons ablated together. */
@Command(name = "ablate", mixinStandardHelpOptions = true,
        header = "Ablate a set of heads and neurons together and write the metric per prompt.",
        description =
                "Ablate heads (L.H, through attn.hook_z) and neurons (mL.N, through mlp.hook_post) together, at every position, and " +
                "write the metric per prompt: metric_ablated, metric_clean (nothing ablated), metric_corrupted F32 [N], lengths I64 [N].")
final class AblateCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Mixin
    AblationOptions ablation;

    @Option(names = "--components", required = true, paramLabel = "LIST", description = "Comma list of L.H and mL.N (or heads, neurons), or a file of them (one per line or comma-separated).")
    String components;

    @Mixin
    ResultOptions output;

    @Mixin
    PlotOptions plots;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        ablation.check();
        try (EvalJob job = EvalJob.open(common, data, () -> output.check(spec.commandLine().getErr()))) {
            List<Component> comps = Components.parse(components, job.cfg());
            AblationSpec abl = ablation.spec();
            RunSetup setup = job.setup();
            try (Ablator a = Ablator.open(setup, abl, comps)) {
                float[] ablated;
                try (BarProgress progress = output.progress("ablate", spec.commandLine().getErr())) {
                    ablated = a.evaluate(List.of(comps), progress)[0];
                }
                ObjectNode record = job.record("ablate", abl, components);
                record.put("ablated", Components.labels(comps, Integer.MAX_VALUE));
                int n = job.task.size();
                job.write(output.out, Map.of("metric_ablated", new FloatTensor(new int[] {n}, ablated)), a.metricClean(), a.metricCorrupted(), record);
                PrintWriter w = spec.commandLine().getOut();
                w.printf("ablate %s of %d components (%s) on %d pairs, %s, %.1f s -> %s%n", abl.describe(), comps.size(),
                        Components.labels(comps, 12), n, job.metric.name(), job.seconds(), output.out);
                EvalPrint.statsHeader(w);
                EvalPrint.stats(w, "full", a.metricClean());
                EvalPrint.stats(w, "corrupted", a.metricCorrupted());
                EvalPrint.stats(w, "ablated", ablated);
                EvalPrint.stats(w, "change", EvalPrint.minus(ablated, a.metricClean()));
                EvalPrint.perPrompt(w, new String[] {"full", "ablated", "change"}, a.metricClean(), ablated,
                        EvalPrint.minus(ablated, a.metricClean()));
                plots.draw(output.out, w);
            }
        }
    }
}
