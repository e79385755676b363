package io.circuitlens.kernels.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a loop over [0, n) into contiguous chunks run on a fixed set of worker threads. One instance per CPU
 * backend; small loops run inline so that tiny models do not pay for thread hand-offs.
 */
public final class Parallel implements AutoCloseable {
    /** Work of a chunk [start, end). */
    @FunctionalInterface
    public interface Range {
        void run(int start, int end);
    }

    private final int threads;
    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    /** A backend using every available processor. */
    public static Parallel ofAvailableProcessors() {
        return new Parallel(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs body over [0, n) split into at most {@code threads * 4} chunks of at least {@code grain} items each.
     * Returns when every chunk is done; an exception in a chunk is rethrown here.
     */
    public void forRange(int n, int grain, Range body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int chunks = Math.min(threads * 4, (n + g - 1) / g);
        if (pool == null || chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int start = (int) ((long) n * c / chunks);
            int end = (int) ((long) n * (c + 1) / chunks);
            tasks.add(ForkJoinTask.adapt(() -> body.run(start, end)));
        }
        // invokeAll forks into the pool of the calling worker, so start it from inside ours (not the common pool).
        pool.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}
