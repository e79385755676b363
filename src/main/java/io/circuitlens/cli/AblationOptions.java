package io.circuitlens.cli;

import io.circuitlens.CircuitLensException;
import io.circuitlens.evaluation.Ablation;
import io.circuitlens.evaluation.AblationSpec;
import io.circuitlens.evaluation.MeanOver;
import picocli.CommandLine.Option;

/** How the ablation commands take components out, and how many patched rows one pass holds. */
final class AblationOptions {
    @Option(names = "--ablation", defaultValue = "mean", paramLabel = "KIND", description = "zero, mean (default: the mean over the --mean-over prompts and all their positions), resample (the same prompt's corrupted activation) or amplify (times --factor).")
    String ablation;

    @Option(names = "--mean-over", defaultValue = "corrupted", paramLabel = "PROMPTS", description = "Prompts a mean ablation averages over: corrupted (default) or clean.")
    String meanOver;

    @Option(names = "--factor", defaultValue = "2", paramLabel = "F", description = "Factor of --ablation amplify (default ${DEFAULT-VALUE}).")
    float factor;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "B", description = "Patched prompt copies per batched pass (default ${DEFAULT-VALUE}); lower it if memory runs out.")
    int batchSize;

    /** Fails on a bad option before anything is loaded. */
    void check() {
        spec();
    }

    AblationSpec spec() {
        if (batchSize < 1) throw new CircuitLensException("--batch-size must be at least 1, got " + batchSize);
        return new AblationSpec(Ablation.parse(ablation), MeanOver.parse(meanOver), factor);
    }
}
