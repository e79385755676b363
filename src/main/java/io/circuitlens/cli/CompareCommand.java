package io.circuitlens.cli;

import io.circuitlens.circuit.ComponentKind;

import io.circuitlens.compare.Comparison;
import io.circuitlens.compare.ComparisonOutput;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code circuitlens compare}: how far two attribution results (two methods, or two directions) agree. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare two attribution results: correlations, top-k overlap and the components they disagree on.",
        description =
                "Compare two results files with heads/neurons scores on the same prompts (two methods, or two directions): " +
                "Pearson, Spearman and Kendall tau-b correlations (per prompt and on prompt-averaged scores), Jaccard overlap of " +
                "the top-k sets, the components they disagree on most, and with --ground-truth precision/recall against an " +
                "ablation table. When the directions differ the clean-to-corrupted scores are negated (positive = carries the " +
                "clean behaviour).")
final class CompareCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "A.safetensors", description = "First results file (attribute output, or any file with heads/neurons [N, layers, width]).")
    Path a;

    @Parameters(index = "1", paramLabel = "B.safetensors", description = "Second results file, same prompts and model.")
    Path b;

    @Option(names = "--components", defaultValue = "both", description = "heads, neurons or both (default: those in both files).")
    String components;

    @Option(names = "--top-k", paramLabel = "K", description = "A k to report besides 5, 10, 20, 50 (sizes above the number of components are left out).")
    Integer topK;

    @Option(names = "--outliers", defaultValue = "10", paramLabel = "COUNT", description = "Disagreeing components to list (default ${DEFAULT-VALUE}).")
    int outliers;

    @Option(names = "--ground-truth", paramLabel = "ABLATION.safetensors", description = "Single-component ablation table (heads/neurons [N, layers, width], metric change per prompt) to score both top-k sets against.")
    Path groundTruth;

    @Option(names = "--gt-threshold", defaultValue = "0.1", paramLabel = "F", description = "Ground-truth set: components whose |mean ablation effect| is at least F x the largest (default ${DEFAULT-VALUE}).")
    double gtThreshold;

    @Option(names = "--out", paramLabel = "OUT.safetensors", description = "Write the numbers as safetensors (atomically).")
    Path out;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Write the numbers as JSON (atomically).")
    Path json;

    @Mixin
    PlotOptions plots;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        OptionValues.require(topK == null || topK >= 1, "--top-k", "must be at least 1, got " + topK);
        OptionValues.require(outliers >= 1, "--outliers", "must be at least 1, got " + outliers);
        OptionValues.require(gtThreshold > 0 && gtThreshold <= 1, "--gt-threshold", "must be in (0, 1], got " + gtThreshold);
        OptionValues.parse("--components", () -> ComponentKind.parseList(components));
        OutputPath.file("--out", out, spec.commandLine().getErr());
        OutputPath.file("--json", json, spec.commandLine().getErr());
        ScoreFile fa = ScoreFile.read(a);
        ScoreFile fb = ScoreFile.read(b);
        ScoreFile truth = groundTruth == null ? null : ScoreFile.read(groundTruth);
        Comparison c = Comparison.of(fa, fb, truth, new Comparison.Settings(components, topK == null ? 0 : topK, outliers, gtThreshold));
        PrintWriter w = spec.commandLine().getOut();
        CompareReport.print(w, c);
        if (out != null) {
            ComparisonOutput.safetensors(c).write(out);
            w.println("wrote " + out);
        }
        if (json != null) {
            AtomicFiles.writeString(json, ComparisonOutput.json(c));
            w.println("wrote " + json);
        }
        plots.drawComparison(a, b, w);
        w.flush();
    }
}
