package io.circuitlens.runs;

import io.circuitlens.common.CircuitLensException;

import java.util.Locale;

/**
 * How much backend memory one batched pass may use, in bytes. The engine packs rows (patched copies of prompts) into
 * passes up to this budget, using what each row costs ({@link PassCost}), so a job never needs a hand-tuned batch
 * size and never runs out of memory because its prompts are long.
 */
public record MemoryBudget(long bytes) {
    private static final long MIB = 1L << 20;

    public MemoryBudget {
        if (bytes < 1) throw new CircuitLensException("the memory budget must be positive, got " + bytes + " bytes");
    }

    public static MemoryBudget of(long bytes) {
        return new MemoryBudget(bytes);
    }

    /**
     * The default on the CPU: a quarter of the Java heap, between 64 MiB and 1 GiB (the rest holds the weights, the
     * cached runs and what the garbage collector needs to work).
     */
    public static MemoryBudget forHeap() {
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        return new MemoryBudget(Math.max(64 * MIB, Math.min(1024 * MIB, quarter)));
    }

    /**
     * The default on a GPU: half of the device memory free now (the weights and the job's cached runs are already
     * there; the rest is headroom for the allocator), at least 64 MiB.
     */
    public static MemoryBudget forDevice(long freeBytes) {
        return new MemoryBudget(Math.max(64 * MIB, freeBytes / 2));
    }

    /** Parses {@code 512m}, {@code 2g}, {@code 1.5GiB}, {@code 800MB} or a plain number of bytes. */
    public static MemoryBudget parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = MIB;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
            if (unit != 1) t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (!(v > 0) || Double.isInfinite(v)) throw new NumberFormatException();
            return new MemoryBudget((long) Math.ceil(v * unit));
        } catch (NumberFormatException e) {
            throw new CircuitLensException("memory budget '" + s + "' is not a size such as 512m, 2g or 1.5GiB");
        }
    }

    @Override
    public String toString() {
        return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) MIB);
    }
}
