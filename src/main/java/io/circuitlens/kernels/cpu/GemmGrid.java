package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.MR;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;

/**
 * How C is cut into independent tasks for the threads: a rowTasks × colTasks grid of blocks, rowBlock rows by colBlock
 * columns (multiples of the tile size, last ones shorter). Each task packs its own A rows and B columns, so the grid
 * is chosen to give every thread a few tasks (work stealing evens out a busy core) while keeping the repacking, which
 * grows with m·colTasks·(cost of packing A) + n·rowTasks·(cost of packing B), small.
 */
record GemmGrid(int rowBlock, int colBlock, int rowTasks, int colTasks) {
    /** Below this many multiply-adds per task the fork/join hand-off costs more than the parallelism saves. */
    static final long MIN_TASK_FMA = 1L << 20;
    /** Tasks per thread to aim for: 2 lets a thread that finishes early take work from a slowed one. */
    static final int TASKS_PER_THREAD = 2;

    int tasks() {
        return rowTasks * colTasks;
    }

    static GemmGrid plan(int threads, boolean transA, boolean transB, int m, int n, int k) {
        return plan(threads, transA, transB, m, n, k, TASKS_PER_THREAD);
    }

    static GemmGrid plan(int threads, boolean transA, boolean transB, int m, int n, int k, int tasksPerThread) {
        long fma = (long) m * n * k;
        long want = Math.min((long) threads * tasksPerThread, fma / MIN_TASK_FMA);
        if (threads <= 1 || want <= 1) return new GemmGrid(m, n, 1, 1);
        int maxRows = ceilDiv(m, MR);
        int maxCols = ceilDiv(n, NR);
        // Relative cost per packed element, measured: a row copy of A is cheapest, transposing gathers cost more.
        long packCostA = transA ? 3 : 1;
        long packCostB = transB ? 3 : 2;
        int bestRt = 1, bestCt = 1;
        long bestTasks = 1, bestCost = Long.MAX_VALUE;
        for (int ct = 1; ct <= Math.min(want, maxCols); ct++) {
            int rt = Math.min(maxRows, ceilDiv(want, ct));
            long tasks = (long) rt * ct;
            long cost = (long) m * ct * packCostA + (long) n * rt * packCostB;
            boolean enough = tasks >= want;
            boolean bestEnough = bestTasks >= want;
            if ((enough && !bestEnough) || (enough == bestEnough && (enough ? cost < bestCost : tasks > bestTasks))) {
                bestRt = rt;
                bestCt = ct;
                bestTasks = tasks;
                bestCost = cost;
            }
        }
        int rowBlock = roundUp(ceilDiv(m, bestRt), MR);
        int colBlock = roundUp(ceilDiv(n, bestCt), NR);
        return new GemmGrid(rowBlock, colBlock, ceilDiv(m, rowBlock), ceilDiv(n, colBlock));
    }

    static int ceilDiv(long a, long b) {
        return (int) ((a + b - 1) / b);
    }

    static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
