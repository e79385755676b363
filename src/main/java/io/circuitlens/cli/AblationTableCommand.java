package io.circuitlens.cli;

import io.circuitlens.Ablations;
import io.circuitlens.Study;

import io.circuitlens.circuit.Component;
import io.circuitlens.ablation.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code circuitlens ablation-table}: each component ablated alone, laid out like attribution scores. */
@Command(name = "ablation-table", mixinStandardHelpOptions = true,
        header = "Ablate each component alone and write the metric changes laid out like attribution scores.",
        description =
                "Ablate each listed component alone and write the metric change m(ablated) - m(full) per prompt as heads " +
                "[N, L, H] and/or neurons [N, L, d_mlp] F32 (the layout of attribute's scores, so the two compare directly; " +
                "components not listed are 0), with metric_clean, metric_corrupted and lengths. The run record says " +
                "method \"ablation\": like noising scores, a component the behaviour needs gets a negative change.")
final class AblationTableCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Mixin
    AblationOptions ablation;

    @Option(names = "--components", defaultValue = "heads", paramLabel = "LIST", description = "Components: heads (default), neurons, a comma list of L.H / mL.N, or a file of them.")
    String components;

    @Mixin
    ResultOptions output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        ablation.check();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelJob job = ModelJob.open(common, data, () -> output.check(err), err)) {
            List<Component> comps = job.components(components);
            try (Ablations a = job.ablations(ablation.spec(), comps)) {
                Study<float[][]> s;
                try (BarProgress progress = output.progress("ablation-table", err)) {
                    s = a.table(comps, progress);
                }
                s.record().put("components", components);
                s.write(output.out);
                print(spec.commandLine().getOut(), a, s, comps);
            }
        }
    }

    private void print(PrintWriter w, Ablations a, Study<float[][]> s, List<Component> comps) {
        float[][] deltas = s.value();
        float[] full = a.metricClean();
        w.printf("ablation-table: %s ablation of %d components one at a time on %d pairs, %s, %.1f s -> %s%n", a.spec().describe(),
                comps.size(), a.pairs().size(), s.record().metric(), s.seconds(), output.out);
        EvalPrint.statsHeader(w);
        EvalPrint.stats(w, "full", full);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < comps.size(); i++) idx.add(i);
        idx.sort((x, y) -> Double.compare(Math.abs(Stats.mean(deltas[y])), Math.abs(Stats.mean(deltas[x])))); // stable: ties canonical
        w.printf("largest changes by |mean| (%d shown):%n", Math.min(idx.size(), EvalPrint.MAX_ROWS));
        w.printf("%-10s %11s %11s%n", "component", "mean", "std");
        for (int i = 0; i < Math.min(idx.size(), EvalPrint.MAX_ROWS); i++) {
            Stats st = Stats.of(deltas[idx.get(i)]);
            w.printf("%-10s %11.4f %11.4f%n", comps.get(idx.get(i)).label(), st.mean(), st.std());
        }
    }
}
