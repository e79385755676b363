package io.circuitlens.cli;

import io.circuitlens.ablation.Ablation;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.MeanOver;
import picocli.CommandLine.Option;

/** How the ablation commands take components out. */
final class AblationOptions {
    @Option(names = "--ablation", defaultValue = "mean", paramLabel = "KIND", description = "zero, mean (default: the mean over the --mean-over prompts and all their positions), resample (the same prompt's corrupted activation) or amplify (times --factor).")
    String ablation;

    @Option(names = "--mean-over", defaultValue = "corrupted", paramLabel = "PROMPTS", description = "Prompts a mean ablation averages over: corrupted (default) or clean.")
    String meanOver;

    @Option(names = "--factor", defaultValue = "2", paramLabel = "F", description = "Factor of --ablation amplify (default ${DEFAULT-VALUE}).")
    float factor;

    /** Fails on a bad option before anything is loaded. */
    void check() {
        spec();
    }

    AblationSpec spec() {
        Ablation kind = OptionValues.parse("--ablation", () -> Ablation.parse(ablation));
        MeanOver over = OptionValues.parse("--mean-over", () -> MeanOver.parse(meanOver));
        return OptionValues.parse("--factor", () -> new AblationSpec(kind, over, factor));
    }
}
