package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.CountingKernels;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.kernels.UnitGrouping;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CudaKernels on window layouts ({@link BatchLayout#windows}: a prompt's rows from a position on, what a patched pass
 * recomputes) against CpuKernels: prompt rows moved by position between windows and whole prompts, windows derived
 * on the device from cached prompts (one first position per cached prompt, or per row), groupedDot of a window with
 * units numbered by position, last rows of a window, the errors the CPU raises, and what a derived window uploads.
 * Subclasses say which driver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CudaWindowChecks {
    CountingDriver driver;
    CudaKernels gpu;
    Kernels cpu;
    final Random rng = new Random(11);

    abstract CudaDriver openDriver();

    @BeforeAll
    void open() {
        driver = new CountingDriver(openDriver());
        gpu = new CudaKernels(driver);
        cpu = new CpuKernels(new Parallel(2));
    }

    @AfterAll
    void close() {
        if (gpu != null) gpu.close();
        if (cpu != null) cpu.close();
    }

    private float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    private static float[] get(Kernels k, Buf b) {
        float[] out = new float[(int) b.size()];
        k.download(b, 0, out, 0, out.length);
        return out;
    }

    /** The layout of rows copying {@code cached} through {@code map}, each from its prompt's first position (null: whole). */
    static BatchLayout derived(BatchLayout cached, RowMap map, int[] firstByPrompt) {
        int[] ends = new int[map.rows()];
        int[] offsets = new int[map.rows()];
        for (int r = 0; r < ends.length; r++) {
            ends[r] = cached.end(map.prompt(r));
            if (firstByPrompt != null) offsets[r] = firstByPrompt[map.prompt(r)];
        }
        return BatchLayout.windows(offsets, ends, cached.nHeads());
    }

    /** The same values as CpuKernelsTest's case of the same name, on the CUDA backend. */
    @Test
    void promptRowsMoveByPositionBetweenWindowsAndWholePrompts() {
        BatchLayout whole = BatchLayout.of(new int[] {4, 2, 5}, 1);
        BatchLayout window = BatchLayout.windows(new int[] {1, 1, 4}, new int[] {4, 2, 5}, 1);
        int cols = 2;
        float[] src = new float[whole.rows() * cols];
        for (int i = 0; i < src.length; i++) src[i] = i + 1; // row r holds (2r + 1, 2r + 2)
        float[] expectBack = new float[whole.rows() * cols];
        for (int r : new int[] {1, 2, 3, 5, 10}) {
            expectBack[2 * r] = src[2 * r];
            expectBack[2 * r + 1] = src[2 * r + 1];
        }
        BatchLayout other = BatchLayout.of(new int[] {4, 3, 5}, 1);
        for (Kernels k : new Kernels[] {cpu, gpu}) {
            try (var w = k.prepare(window); var f = k.prepare(whole); var o = k.prepare(other); var self = k.prepare(RowMap.identity(3))) {
                Buf a = k.upload(src);
                Buf win = k.alloc((long) window.rows() * cols);
                k.interpolatePromptRows(win, 0, cols, w, null, a, 0, cols, f, self, null, cols);
                // prompt 0 positions 1..3 = whole rows 1..3; prompt 1 position 1 = row 5; prompt 2 position 4 = row 10
                assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8, 11, 12, 21, 22}, get(k, win), k.describe());
                Buf back = k.alloc((long) whole.rows() * cols);
                k.interpolatePromptRows(back, 0, cols, f, null, win, 0, cols, w, self, null, cols);
                assertArrayEquals(expectBack, get(k, back), k.describe() + ": the whole prompts get the window's positions, the rest untouched");
                refused(k, "row 1 has 2 tokens but prompt 1 has 3", () -> k.interpolatePromptRows(win, 0, cols, w, null, a, 0, cols, o, self,
                        null, cols));
                for (Buf b : new Buf[] {a, win, back}) k.release(b);
            }
        }
    }

    /**
     * Windows derived on the backend from cached prompts (whole or windows themselves), IG-style blends between them
     * and a narrower window from a wider one, over a listed map (repeats, a prompt no row copies) and a grid slice
     * (steps); rows of one prompt starting at different positions (uploaded per row). The CPU's bits everywhere.
     */
    @Test
    void derivedWindowsMoveTheCpusRows() {
        BatchLayout cached = BatchLayout.of(new int[] {3, 1, 33, 8, 5}, 2);
        BatchLayout cachedWindow = BatchLayout.windows(new int[] {1, 0, 20, 2, 0}, new int[] {3, 1, 33, 8, 5}, 2);
        int[] first = {2, 0, 25, 7, 3}; // each no earlier than cachedWindow's
        int cols = 7;
        float[] from = random(cached.rows() * cols + 3);
        float[] to = random(from.length);
        for (int i = 0; i < from.length; i += 6) to[i] = from[i] = Float.NEGATIVE_INFINITY;
        float[] alphas = {0.2f, 0.6f, 1f};
        RowMap listed = RowMap.listed(new int[] {2, 0, 2, 3, 1});
        for (RowMap map : new RowMap[] {listed, RowMap.grid(5, 2, 11)}) {
            for (BatchLayout source : new BatchLayout[] {cached, cachedWindow}) {
                BatchLayout pass = derived(source, map, first);
                Function<Kernels, float[]> rows = k -> {
                    try (Prepared<BatchLayout> c = k.prepare(source); Prepared<RowMap> r = k.prepare(map);
                         Prepared<BatchLayout> p = k.prepare(pass, c, r); Prepared<BatchLayout> whole = k.prepare(derived(source, map, null), c, r)) {
                        Buf f = k.upload(from.clone()), t = k.upload(to.clone()), a = k.upload(alphas.clone());
                        long onWindow = (long) pass.rows() * (cols + 2);
                        Buf out = k.alloc(onWindow + (long) whole.host().rows() * cols);
                        k.interpolatePromptRows(out, 1, cols + 2, p, f, t, 3, cols, c, r, a, cols);
                        // whole rows from the cache (a cached window fills only the positions it holds)
                        k.interpolatePromptRows(out, onWindow, cols, whole, f, t, 3, cols, c, r, a, cols);
                        // last rows: gathered at the whole prompts' ends, added at the window's (its prompts' ends too)
                        Buf last = k.alloc((long) map.rows() * cols);
                        k.gatherLastRows(out, cols, whole, last);
                        k.scatterAddLastRows(last, cols, p, out);
                        float[] host = get(k, out);
                        for (Buf b : new Buf[] {f, t, a, out, last}) k.release(b);
                        return host;
                    }
                };
                assertArrayEquals(rows.apply(cpu), rows.apply(gpu), map + " from " + (source == cached ? "whole prompts" : "windows"));
            }
        }
        // two rows of prompt 2 from different positions: no first position per prompt, so one per row crosses
        BatchLayout uneven = BatchLayout.windows(new int[] {4, 1, 30, 0, 0}, new int[] {33, 3, 33, 8, 1}, 2);
        Function<Kernels, float[]> rows = k -> {
            try (Prepared<BatchLayout> c = k.prepare(cached); Prepared<RowMap> r = k.prepare(listed);
                 Prepared<BatchLayout> p = k.prepare(uneven, c, r)) {
                Buf t = k.upload(to.clone());
                Buf out = k.alloc((long) uneven.rows() * cols);
                k.interpolatePromptRows(out, 0, cols, p, null, t, 3, cols, c, r, null, cols);
                float[] host = get(k, out);
                k.release(t);
                k.release(out);
                return host;
            }
        };
        assertArrayEquals(rows.apply(cpu), rows.apply(gpu), "rows of one prompt from different positions");
    }

    /** The same values as CpuKernelsTest's case of the same name, on the CUDA backend. */
    @Test
    void groupedDotOfAWindowCountsPositionsFromItsOffset() {
        BatchLayout whole = BatchLayout.of(new int[] {3, 2}, 1);
        BatchLayout window = BatchLayout.windows(new int[] {1, 1}, new int[] {3, 2}, 1);
        UnitGrouping grouping = UnitGrouping.rows(1, 1, true, 3);
        try (var w = gpu.prepare(window); var f = gpu.prepare(whole); var self = gpu.prepare(RowMap.identity(2))) {
            Buf g = gpu.upload(new float[] {1, 2, 3}), to = gpu.upload(new float[] {10, 20, 30, 40, 50}), from = gpu.upload(new float[] {1, 1, 1, 1, 1});
            Buf out = gpu.alloc(6);
            gpu.groupedDot(grouping, g, 0, 1, w, to, from, 0, 1, f, self, out);
            // prompt 0: position 1: 1·(20 − 1), position 2: 2·(30 − 1); prompt 1: position 1: 3·(50 − 1)
            assertArrayEquals(new float[] {0, 19, 58, 0, 147, 0}, get(gpu, out));
            for (Buf b : new Buf[] {g, to, from, out}) gpu.release(b);
        }
    }

    /** Every row grouping of a derived window against whole cached prompts and against a cached window: the CPU's bits. */
    @Test
    void groupedDotOfDerivedWindowsMatches() {
        BatchLayout cached = BatchLayout.of(new int[] {4, 2, 6}, 3);
        BatchLayout cachedWindow = BatchLayout.windows(new int[] {1, 0, 3}, new int[] {4, 2, 6}, 3);
        RowMap map = RowMap.grid(3, 1, 5);
        int[] first = {2, 1, 3};
        int cols = 12;
        float[] a = random(40 * cols);
        float[] to = random(20 * cols);
        float[] from = to.clone();
        for (int i = 0; i < from.length; i += 3) from[i] = (float) rng.nextGaussian();
        UnitGrouping[] groupings = {UnitGrouping.rows(cols, 4, false, 0), UnitGrouping.rows(cols, cols, false, 0), UnitGrouping.rows(cols, 1, true, 8),
                UnitGrouping.rows(cols, 4, true, 6)};
        for (BatchLayout source : new BatchLayout[] {cached, cachedWindow}) {
            BatchLayout pass = derived(source, map, first);
            for (UnitGrouping g : groupings) {
                for (int factors = 0; factors < 3; factors++) {
                    int f = factors;
                    Function<Kernels, float[]> run = k -> {
                        try (Prepared<BatchLayout> c = k.prepare(source); Prepared<RowMap> r = k.prepare(map);
                             Prepared<BatchLayout> p = k.prepare(pass, c, r)) {
                            Buf ab = k.upload(a.clone()), tb = k.upload(to.clone()), fb = k.upload(from.clone());
                            Buf out = k.alloc((long) map.rows() * g.unitsPerRow());
                            k.groupedDot(g, ab, 2, cols, p, f < 2 ? tb : null, f == 0 ? fb : null, 1, cols, f < 2 ? c : null, r, out);
                            float[] host = get(k, out);
                            for (Buf b : new Buf[] {ab, tb, fb, out}) k.release(b);
                            return host;
                        }
                    };
                    assertArrayEquals(run.apply(cpu), run.apply(gpu), g + " factors " + f + (source == cached ? "" : " on a cached window"));
                }
            }
        }
    }

    /** What the CPU refuses, the CUDA backend refuses with the same kind of error (a kernel cannot throw). */
    @Test
    void mismatchedWindowsAreRefusedAsOnTheCpu() {
        BatchLayout whole = BatchLayout.of(new int[] {3, 2}, 1);
        BatchLayout window = BatchLayout.windows(new int[] {1, 1}, new int[] {3, 2}, 1);
        BatchLayout later = BatchLayout.windows(new int[] {2, 1}, new int[] {3, 2}, 1);
        for (Kernels k : new Kernels[] {cpu, gpu}) {
            try (var w = k.prepare(window); var f = k.prepare(whole); var l = k.prepare(later); var self = k.prepare(RowMap.identity(2))) {
                Buf buf = k.alloc(64);
                Buf out = k.alloc(64);
                // the b side starts after row 0 of a: it lacks position 1
                refused(k, "prompt 0 lacks positions of row 0",
                        () -> k.groupedDot(UnitGrouping.rows(1, 1, false, 0), buf, 0, 1, w, buf, null, 0, 1, l, self, out));
                refused(k, null, () -> k.groupedDot(UnitGrouping.attention(1, false, 0), buf, 0, 1, w, null, null, 0, 1, null, self, out));
                refused(k, null, () -> k.interpolatePromptBlocks(out, w, null, buf, f, self, null, 0, 1));
                refused(k, null, () -> k.interpolatePromptBlocks(out, f, null, buf, w, self, null, 0, 1));
                try (var shorter = k.prepare(BatchLayout.of(new int[] {3, 1}, 1))) {
                    refused(k, "row 1 has 2 tokens but prompt 1 has 1", () -> k.prepare(window, shorter, self).close());
                }
                k.release(buf);
                k.release(out);
            }
        }
    }

    private static void refused(Kernels k, String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, k.describe());
        // the CPU may rethrow from a worker thread, the message then inside another's
        if (message != null) assertTrue(e.getMessage().contains(message), k.describe() + ": " + e.getMessage());
    }

    /**
     * A window derived on the device uploads one int per cached prompt (its first position), as CountingKernels
     * counts; a whole-prompt layout derived there uploads nothing, and an uploaded window no more than it counts.
     */
    @Test
    void aDerivedWindowUploadsOneIntPerCachedPrompt() {
        BatchLayout cached = BatchLayout.of(new int[] {3, 1, 33, 8, 5}, 2);
        RowMap map = RowMap.listed(new int[] {2, 0, 2, 3});
        int[] first = {1, 0, 20, 4, 0};
        CountingKernels counted = new CountingKernels(cpu);
        try (Prepared<BatchLayout> c = gpu.prepare(cached); Prepared<RowMap> r = gpu.prepare(map);
             Prepared<BatchLayout> cc = counted.kernels.prepare(cached); Prepared<RowMap> cr = counted.kernels.prepare(map)) {
            for (int[] firstPositions : new int[][] {first, null}) {
                BatchLayout pass = derived(cached, map, firstPositions);
                long before = driver.uploaded.get();
                long countedBefore = counted.uploaded.get();
                gpu.prepare(pass, c, r).close();
                counted.kernels.prepare(pass, cc, cr).close();
                long moved = driver.uploaded.get() - before;
                assertEquals(pass.windowed() ? 4L * cached.prompts() : 0, moved, pass.windowed() ? "window" : "whole prompts");
                assertEquals(counted.uploaded.get() - countedBefore, moved, "as CountingKernels counts");
            }
            BatchLayout window = derived(cached, map, first);
            long before = driver.uploaded.get();
            long countedBefore = counted.uploaded.get();
            gpu.prepare(window).close();
            counted.kernels.prepare(window).close();
            long moved = driver.uploaded.get() - before;
            assertEquals(8L * window.prompts(), moved, "an uploaded window: its lengths and offsets");
            assertTrue(moved <= counted.uploaded.get() - countedBefore);
        }
    }
}
