package io.circuitlens.cli;

import io.circuitlens.ExportedCircuit;
import io.circuitlens.Study;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.ComponentTensors;
import io.circuitlens.circuit.Components;
import io.circuitlens.ablation.MeanOver;
import io.circuitlens.ablation.Stats;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

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
        try (ModelJob job = ModelJob.open(common, data, () -> OutputPath.folder("--out", out, spec.commandLine().getErr()), spec.commandLine().getErr())) {
            List<Component> removed = removed(job);
            Study<ExportedCircuit> s = job.lens().exportCircuit(job.task(), removed, over, out);
            s.write(out.resolve("circuit.safetensors"));
            ExportedCircuit c = s.value();
            PrintWriter w = spec.commandLine().getOut();
            w.printf("export-circuit: removed %d components (%s) from %s, means over %d %s tokens -> %s%n", removed.size(),
                    Components.labels(removed, 12), job.lens().model().folder(), c.meanTokens(), over.label(), out);
            EvalPrint.statsHeader(w);
            EvalPrint.stats(w, "full", c.metricFull());
            EvalPrint.stats(w, "mean-ablated", c.metricAblated());
            EvalPrint.stats(w, "exported", c.metricExported());
            w.printf("check: exported metric %.6f vs mean-ablated %.6f (means over %d pairs), largest relative difference %.2e: %s%n",
                    Stats.mean(c.metricExported()), Stats.mean(c.metricAblated()), c.metricFull().length, c.maxRelativeDifference(),
                    c.agrees() ? "OK" : "MISMATCH");
            w.flush();
            if (!c.agrees()) {
                throw new CircuitLensException("the exported model's metric differs from the mean-ablated one by "
                        + String.format("%.2e", c.maxRelativeDifference()) + " (relative), more than " + ExportedCircuit.TOLERANCE);
            }
        }
    }

    private List<Component> removed(ModelJob job) {
        if (removal.prune != null) return ComponentTensors.readMasks(removal.prune, "removed", job.lens().config());
        if (removal.remove != null) return Components.parse(removal.remove, job.lens().config());
        Set<Component> keep = Set.copyOf(Components.parse(removal.keep, job.lens().config()));
        return Components.parse(components, job.lens().config()).stream().filter(c -> !keep.contains(c)).toList();
    }

}
