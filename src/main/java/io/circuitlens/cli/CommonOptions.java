package io.circuitlens.cli;

import io.circuitlens.Backend;
import io.circuitlens.CircuitLens;
import io.circuitlens.runs.MemoryBudget;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** Options every model-running command shares. */
final class CommonOptions {
    @Option(names = "--model", required = true, paramLabel = "M",
            description = "Model folder (config.json, model.safetensors, vocab.json, merges.txt) or a Hugging Face name in the local cache (gpt2, gpt2-medium, ...).")
    String model;

    @Option(names = "--device", paramLabel = "D", description = "auto (default: CUDA when a GPU and its libraries load, else the CPU), cpu or cuda. "
            + "The backend in use is printed once on stderr.")
    String device;

    @Option(names = "--precision", paramLabel = "P", description = "Matrix products on CUDA: fp32 (default) or tf32 (tensor cores, ~1e-3 relative error per product).")
    String precision;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all processors).")
    Integer threads;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory one batched pass may use, e.g. 512m or 2g (default: a quarter of the Java heap, at most 1 GiB); passes are split to fit.")
    String memory;

    /** The backend the library is asked for (a bad --threads or --memory fails here, before anything loads). */
    Backend backend() {
        Backend b = Backend.defaults();
        if (threads != null) b = OptionValues.parse("--threads", () -> Backend.defaults().threads(threads));
        if (memory != null) b = b.memory(OptionValues.parse("--memory", () -> MemoryBudget.parse(memory)));
        if (device != null) b = b.device(OptionValues.parse("--device", () -> Backend.parseDevice(device)));
        if (precision != null) b = b.precision(OptionValues.parse("--precision", () -> Backend.parsePrecision(precision)));
        return b;
    }

    /** Opens --model on the backend, saying on {@code err} which backend runs it (never a silent fallback). */
    CircuitLens open(PrintWriter err) {
        return open(backend(), err);
    }

    /** Opens --model on an already checked backend (see {@link #open(PrintWriter)}). */
    CircuitLens open(Backend backend, PrintWriter err) {
        CircuitLens lens = CircuitLens.open(model, backend);
        err.println(lens.backend());
        err.flush();
        return lens;
    }
}
