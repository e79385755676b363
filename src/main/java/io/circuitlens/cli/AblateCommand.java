package io.circuitlens.cli;

import io.circuitlens.Ablations;
import io.circuitlens.Study;

import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Components;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

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
        PrintWriter err = spec.commandLine().getErr();
        try (ModelJob job = ModelJob.open(common, data, () -> output.check(err), err)) {
            List<Component> comps = job.components(components);
            try (Ablations a = job.ablations(ablation.spec(), comps)) {
                Study<float[]> s;
                try (BarProgress progress = output.progress("ablate", err)) {
                    s = a.ablate(comps, progress);
                }
                s.record().put("components", components);
                s.write(output.out);
                float[] ablated = s.value();
                PrintWriter w = spec.commandLine().getOut();
                w.printf("ablate %s of %d components (%s) on %d pairs, %s, %.1f s -> %s%n", a.spec().describe(), comps.size(),
                        Components.labels(comps, 12), a.pairs().size(), s.record().metric(), s.seconds(), output.out);
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
