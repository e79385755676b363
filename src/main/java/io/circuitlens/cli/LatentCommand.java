package io.circuitlens.cli;

import io.circuitlens.circuit.ComponentKind;

import io.circuitlens.compare.DirectionPair;
import io.circuitlens.compare.LatentAnalysis;
import io.circuitlens.compare.LatentOutput;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code circuitlens latent}: components that matter when noised but not when restored, or the other way round. */
@Command(name = "latent", mixinStandardHelpOptions = true,
        header = "Find the components that matter when noised but not when restored, or the other way round.",
        description =
                "Compare a noising (clean-to-corrupted) and a denoising (corrupted-to-clean) run of AP or IG on the same prompts: " +
                "per component the fraction of the full effect in each direction, the asymmetry |noising| - |denoising|, and " +
                "the components that matter in one direction only. Noising measures what the clean behaviour needs; denoising " +
                "what suffices to restore it. The files are told apart by the direction in their run metadata.")
final class LatentCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NOISING.safetensors", description = "The clean-to-corrupted run (the order is checked against the metadata, not trusted).")
    Path first;

    @Parameters(index = "1", paramLabel = "DENOISING.safetensors", description = "The corrupted-to-clean run.")
    Path second;

    @Option(names = "--components", defaultValue = "both", description = "heads, neurons or both (default: those in both files).")
    String components;

    @Option(names = "--large", defaultValue = "0.05", paramLabel = "F", description = "'Matters': |fraction of the full effect| >= F (default ${DEFAULT-VALUE}).")
    double large;

    @Option(names = "--small", defaultValue = "0.01", paramLabel = "F", description = "'Near zero': |fraction of the full effect| <= F (default ${DEFAULT-VALUE}).")
    double small;

    @Option(names = "--out", paramLabel = "OUT.safetensors", description = "Write the results as safetensors (atomically).")
    Path out;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Write the results as JSON (atomically).")
    Path json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        OptionValues.require(small >= 0 && small < large, "--small/--large", "need 0 <= --small < --large, got --small " + small + " --large " + large);
        OptionValues.parse("--components", () -> ComponentKind.parseList(components));
        OutputPath.file("--out", out, spec.commandLine().getErr());
        OutputPath.file("--json", json, spec.commandLine().getErr());
        DirectionPair pair = DirectionPair.of(ScoreFile.read(first), ScoreFile.read(second));
        LatentAnalysis a = LatentAnalysis.of(pair, components, large, small);
        PrintWriter w = spec.commandLine().getOut();
        LatentReport.print(w, a);
        if (out != null) {
            LatentOutput.safetensors(a).write(out);
            w.println("wrote " + out);
        }
        if (json != null) {
            AtomicFiles.writeString(json, LatentOutput.json(a));
            w.println("wrote " + json);
        }
        w.flush();
    }
}
