package io.circuitlens;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.runs.MemoryBudget;

/**
 * Where the model runs and how much memory one batched pass may use: the library chooses the kernels from this (the
 * CLI's {@code --threads} and {@code --memory} only fill it in). {@code threads} 0 means every processor; a null
 * budget means the backend's default.
 */
public record Backend(int threads, MemoryBudget memory) {
    public Backend {
        if (threads < 0) throw new CircuitLensException("threads must be at least 1, got " + threads);
    }

    /** Every processor, the default memory budget. */
    public static Backend defaults() {
        return new Backend(0, null);
    }

    public Backend threads(int n) {
        if (n < 1) throw new CircuitLensException("threads must be at least 1, got " + n);
        return new Backend(n, memory);
    }

    public Backend memory(MemoryBudget budget) {
        return new Backend(threads, budget);
    }

    int threadCount() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    Kernels open() {
        return new CpuKernels(new Parallel(threadCount()));
    }

    MemoryBudget budget() {
        return memory != null ? memory : MemoryBudget.forHeap();
    }

    /** What result records say ran them. */
    String describe() {
        return "cpu, " + threadCount() + " threads";
    }
}
