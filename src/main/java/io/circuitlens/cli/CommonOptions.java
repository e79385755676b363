package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.runs.MemoryBudget;
import picocli.CommandLine.Option;

/** Options every model-running command shares. */
final class CommonOptions {
    @Option(names = "--model", required = true, paramLabel = "M",
            description = "Model folder (config.json, model.safetensors, vocab.json, merges.txt) or a Hugging Face name in the local cache (gpt2, gpt2-medium, ...).")
    String model;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all processors).")
    Integer threads;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory one batched pass may use, e.g. 512m or 2g (default: a quarter of the Java heap, at most 2 GiB); passes are split to fit.")
    String memory;

    MemoryBudget budget() {
        return memory == null ? MemoryBudget.forHeap() : OptionValues.parse("--memory", () -> MemoryBudget.parse(memory));
    }


    String describeBackend() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        return "cpu, " + n + " threads";
    }

    Kernels kernels() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new CircuitLensException("--threads must be at least 1, got " + n);
        return new CpuKernels(new Parallel(n));
    }
}
