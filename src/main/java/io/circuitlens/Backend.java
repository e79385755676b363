package io.circuitlens;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.Precision;
import io.circuitlens.kernels.backends.Backends;
import io.circuitlens.kernels.backends.Device;
import io.circuitlens.runs.MemoryBudget;

import java.util.Locale;

/**
 * Where the model runs and how much memory one batched pass may use: the library chooses the kernels from this (the
 * CLI's {@code --device}, {@code --precision}, {@code --threads} and {@code --memory} only fill it in). {@code device}
 * AUTO takes CUDA when a device and its libraries load, else the CPU ({@link CircuitLens#backend()} says which and
 * why); {@code threads} 0 means every processor; a null budget means the backend's default (CPU: a quarter of the
 * Java heap, at most 1 GiB; CUDA: half the device memory free when a job starts).
 */
public record Backend(int threads, MemoryBudget memory, Device device, Precision precision) {
    public Backend {
        if (threads < 0) throw new CircuitLensException("threads must be at least 1, got " + threads);
        if (device == null || precision == null) throw new IllegalArgumentException("device and precision are required");
    }

    /** AUTO device, float32 products, every processor, the default memory budget. */
    public static Backend defaults() {
        return new Backend(0, null, Device.AUTO, Precision.FP32);
    }

    public Backend threads(int n) {
        if (n < 1) throw new CircuitLensException("threads must be at least 1, got " + n);
        return new Backend(n, memory, device, precision);
    }

    public Backend memory(MemoryBudget budget) {
        return new Backend(threads, budget, device, precision);
    }

    public Backend device(Device d) {
        return new Backend(threads, memory, d, precision);
    }

    public Backend precision(Precision p) {
        return new Backend(threads, memory, device, p);
    }

    /** {@code auto}, {@code cpu} or {@code cuda}. */
    public static Device parseDevice(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "auto" -> Device.AUTO;
            case "cpu" -> Device.CPU;
            case "cuda", "gpu" -> Device.CUDA;
            default -> throw new CircuitLensException("unknown device '" + s + "' (auto, cpu or cuda)");
        };
    }

    /** {@code fp32} or {@code tf32}. */
    public static Precision parsePrecision(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "fp32", "f32", "float32" -> Precision.FP32;
            case "tf32" -> Precision.TF32;
            default -> throw new CircuitLensException("unknown precision '" + s + "' (fp32 or tf32)");
        };
    }

    int threadCount() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    io.circuitlens.kernels.backends.Backend open() {
        return Backends.open(device, precision, threadCount());
    }

    /** The budget for a job on an opened backend: the one given, else the backend's default. */
    MemoryBudget budget(io.circuitlens.kernels.backends.Backend opened) {
        if (memory != null) return memory;
        var free = opened.freeDeviceMemory();
        return free.isPresent() ? MemoryBudget.forDevice(free.getAsLong()) : MemoryBudget.forHeap();
    }
}
