package io.circuitlens.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.ablation.Ablation;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Run;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.Ablator;
import io.circuitlens.ablation.CircuitExport;
import io.circuitlens.ablation.ComponentMeans;
import io.circuitlens.circuit.ComponentTensors;
import io.circuitlens.circuit.Components;
import io.circuitlens.ablation.MeanOver;
import io.circuitlens.ablation.Stats;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.tensor.FloatTensor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code circuitlens export-circuit}: a pruned circuit as a model folder, removed components folded into biases. */
@Command(name = "export-circuit", mixinStandardHelpOptions = true,
        header = "Write a circuit as a model folder with the removed heads and neurons folded into the biases.",
        description =
                "Write a circuit as a Hugging Face model folder (config.json, model.safetensors, vocab.json, merges.txt) in which " +
                "the removed heads and neurons are gone: a head's q/k/v columns and W_O rows, a neuron's c_fc column and bias and " +
                "c_proj row are 0, and their mean contributions (mean z_h W_O[h], mean post_n W_proj[n]; means as in mean " +
                "ablation) are added to attn.c_proj.bias / mlp.c_proj.bias. Then checks that the exported model's metric equals the " +
                "source model's with those components mean-ablated, and writes that check to OUT/circuit.safetensors " +
                "(metric_exported, metric_mean_ablated, metric_clean F32 [N], heads_removed / neurons_removed masks, lengths).")
final class ExportCircuitCommand implements Runnable {
    /** Relative agreement the check demands (float32 arithmetic in a different order). */
    static final double TOLERANCE = 1e-3;

    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Removal removal;

    /** Which components go. */
    static final class Removal {
        @Option(names = "--prune", paramLabel = "PRUNE.safetensors", description = "A prune result: its heads_removed / neurons_removed masks.")
        Path prune;

        @Option(names = "--remove", paramLabel = "LIST", description = "Components to remove: a comma list of L.H / mL.N (or heads, neurons), or a file of them.")
        String remove;

        @Option(names = "--keep", paramLabel = "LIST", description = "Components to keep; every other one of --components is removed.")
        String keep;
    }

    @Option(names = "--components", defaultValue = "heads", paramLabel = "LIST", description = "With --keep: the components the circuit is cut from (default heads).")
    String components;

    @Option(names = "--mean-over", defaultValue = "corrupted", paramLabel = "PROMPTS", description = "Prompts the means average over: corrupted (default) or clean.")
    String meanOver;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write (created; its four files are replaced).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        MeanOver over = OptionValues.parse("--mean-over", () -> MeanOver.parse(meanOver));
        try (EvalJob job = EvalJob.open(common, data, () -> OutputPath.folder("--out", out, spec.commandLine().getErr()))) {
            List<Component> removed = removed(job);
            AblationSpec mean = new AblationSpec(Ablation.MEAN, over, 1);
            RunSetup setup = job.setup();
            Set<io.circuitlens.model.HookName> hooks = removed.stream().map(Component::hook).collect(Collectors.toSet());
            ComponentMeans means = ComponentMeans.compute(job.lm.model(), over == MeanOver.CLEAN ? job.task.clean() : job.task.corrupted(),
                    hooks, setup.budget());
            ObjectNode record = job.record("export-circuit", mean, null);
            record.put("source", job.lm.folder().toString()).put("removed", Components.labels(removed, Integer.MAX_VALUE))
                    .put("mean_tokens", means.tokens());
            CircuitExport.write(job.lm.folder(), job.cfg(), removed, means, out, record.toString());

            float[] ablated;
            float[] clean;
            float[] corrupted;
            float[] exported;
            try (Ablator a = Ablator.open(setup, mean, removed)) {
                ablated = a.ablate(removed);
                clean = a.metricClean();
                corrupted = a.metricCorrupted();
                exported = exportedMetric(job, a);
            }
            double worst = 0;
            for (int p = 0; p < exported.length; p++) {
                worst = Math.max(worst, Math.abs(exported[p] - ablated[p]) / Math.max(1, Math.abs(ablated[p])));
            }
            Map<String, Object> t = new LinkedHashMap<>();
            int n = job.task.size();
            t.put("metric_exported", new FloatTensor(new int[] {n}, exported));
            t.put("metric_mean_ablated", new FloatTensor(new int[] {n}, ablated));
            t.putAll(ComponentTensors.masks("removed", job.cfg(), removed, removed));
            record.put("check_max_relative_difference", worst);
            job.write(out.resolve("circuit.safetensors"), t, clean, corrupted, record);

            PrintWriter w = spec.commandLine().getOut();
            w.printf("export-circuit: removed %d components (%s) from %s, means over %d %s tokens -> %s%n", removed.size(),
                    Components.labels(removed, 12), job.lm.folder(), means.tokens(), over.label(), out);
            EvalPrint.statsHeader(w);
            EvalPrint.stats(w, "full", clean);
            EvalPrint.stats(w, "mean-ablated", ablated);
            EvalPrint.stats(w, "exported", exported);
            boolean ok = worst <= TOLERANCE;
            w.printf("check: exported metric %.6f vs mean-ablated %.6f (means over %d pairs), largest relative difference %.2e: %s%n",
                    Stats.mean(exported), Stats.mean(ablated), n, worst, ok ? "OK" : "MISMATCH");
            w.flush();
            if (!ok) {
                throw new CircuitLensException("the exported model's metric differs from the mean-ablated one by " + String.format("%.2e", worst)
                        + " (relative), more than " + TOLERANCE);
            }
        }
    }

    private List<Component> removed(EvalJob job) {
        if (removal.prune != null) return ComponentTensors.readMasks(removal.prune, "removed", job.cfg());
        if (removal.remove != null) return Components.parse(removal.remove, job.cfg());
        Set<Component> keep = Set.copyOf(Components.parse(removal.keep, job.cfg()));
        return Components.parse(components, job.cfg()).stream().filter(c -> !keep.contains(c)).toList();
    }

    /**
     * The metric of the exported folder on the clean prompts, loaded like any model (a KL metric still compares with
     * the original model's clean run).
     */
    private float[] exportedMetric(EvalJob job, Ablator original) {
        try (LoadedModel exported = LoadedModel.open(out.toString(), job.kernels);
             PatchedRuns runs = original.engine().sameReferenceFor(exported.model());
             Run r = runs.run(job.task.clean(), HookFilter.none(), PatchPlan.empty(), false)) {
            return r.metric();
        }
    }
}
