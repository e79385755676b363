package io.circuitlens.cli;

import io.circuitlens.Backend;
import io.circuitlens.CircuitLens;
import io.circuitlens.runs.MemoryBudget;
import picocli.CommandLine.Option;

/** Options every model-running command shares. */
final class CommonOptions {
    @Option(names = "--model", required = true, paramLabel = "M",
            description = "Model folder (config.json, model.safetensors, vocab.json, merges.txt) or a Hugging Face name in the local cache (gpt2, gpt2-medium, ...).")
    String model;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all processors).")
    Integer threads;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory one batched pass may use, e.g. 512m or 2g (default: a quarter of the Java heap, at most 1 GiB); passes are split to fit.")
    String memory;

    /** The backend the library is asked for (a bad --threads or --memory fails here, before anything loads). */
    Backend backend() {
        Backend b = Backend.defaults();
        if (threads != null) b = OptionValues.parse("--threads", () -> Backend.defaults().threads(threads));
        if (memory != null) b = b.memory(OptionValues.parse("--memory", () -> MemoryBudget.parse(memory)));
        return b;
    }

    /** Opens --model on the backend. */
    CircuitLens open() {
        return CircuitLens.open(model, backend());
    }
}
