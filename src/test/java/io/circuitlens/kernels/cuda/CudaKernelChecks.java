package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.IntBuf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.MetricSpec;
import io.circuitlens.kernels.PatchMode;
import io.circuitlens.kernels.PatchSegments;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.kernels.UnitGrouping;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CudaKernels' methods one by one against CpuKernels on the cases a model pass does not reach: patches whose
 * segments overlap (applied in order on the CPU, in runs on the GPU), copies within one buffer, GEMMs with k = 0,
 * bias and transposes, listed and grid row maps, every metric kind, every grouping of groupedDot; and the errors a
 * kernel cannot raise itself (indices out of range, buffers used after release). Subclasses say which driver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CudaKernelChecks {
    CudaKernels gpu;
    Kernels cpu;
    final Random rng = new Random(5);

    abstract CudaDriver openDriver();

    @BeforeAll
    void open() {
        gpu = new CudaKernels(openDriver());
        cpu = new CpuKernels(new Parallel(2));
    }

    @AfterAll
    void close() {
        if (gpu != null) gpu.close();
        if (cpu != null) cpu.close();
    }

    float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    /** Runs the same operation on both backends over copies of the inputs and returns the output buffer of each. */
    private void same(float[][] inputs, int output, BiConsumer<Kernels, Buf[]> op, double tolerance) {
        float[][] results = new float[2][];
        Kernels[] backends = {gpu, cpu};
        for (int k = 0; k < 2; k++) {
            Buf[] bufs = new Buf[inputs.length];
            for (int i = 0; i < inputs.length; i++) bufs[i] = backends[k].upload(inputs[i].clone());
            op.accept(backends[k], bufs);
            results[k] = new float[inputs[output].length];
            backends[k].download(bufs[output], 0, results[k], 0, results[k].length);
            for (Buf b : bufs) backends[k].release(b);
        }
        if (tolerance == 0) {
            assertArrayEquals(results[1], results[0]);
        } else {
            double err = CudaParityChecks.maxAbsDiff(results[0], results[1]);
            assertTrue(err <= tolerance, "max |cuda − cpu| " + err);
        }
    }

    @Test
    void overlappingPatchSegmentsApplyInOrder() {
        // segments 0 and 2 write [10, 20) and [15, 25): the GPU runs them as two launches, in the CPU's order
        PatchSegments s = new PatchSegments(new long[] {10, 40, 15, 60, 12}, new long[] {0, 5, 30, 70, 80}, new int[] {10, 5, 10, 0, 3},
                new float[] {0.5f, 1f, 0.25f, 0.7f, 2f});
        for (PatchMode mode : PatchMode.values()) {
            same(new float[][] {random(100), random(100)}, 0, (k, b) -> {
                try (Prepared<PatchSegments> p = k.prepare(s)) {
                    k.patch(b[0], b[1], p, mode);
                }
            }, 0);
            same(new float[][] {random(100)}, 0, (k, b) -> {
                try (Prepared<PatchSegments> p = k.prepare(s)) {
                    k.patchBackward(b[0], p, mode);
                }
            }, 0);
        }
    }

    @Test
    void aPatchReadingAnotherSegmentsWritesOfItsOwnBufferIsRefused() {
        Buf b = gpu.upload(random(50));
        try (Prepared<PatchSegments> conflict = gpu.prepare(new PatchSegments(new long[] {0, 20}, new long[] {20, 30}, new int[] {10, 10},
                new float[] {1f, 1f}));
             Prepared<PatchSegments> fine = gpu.prepare(new PatchSegments(new long[] {0, 20}, new long[] {0, 40}, new int[] {10, 5},
                     new float[] {0.5f, 1f}))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu.patch(b, b, conflict, PatchMode.BLEND));
            assertTrue(e.getMessage().contains("another segment"), e.getMessage());
            gpu.patch(b, b, fine, PatchMode.BLEND);
        } finally {
            gpu.release(b);
        }
    }

    @Test
    void copiesWithinOneBufferBehaveAsArraycopy() {
        for (long[] c : new long[][] {{0, 10, 30}, {10, 0, 30}, {5, 5, 20}, {0, 50, 40}}) {
            same(new float[][] {random(100)}, 0, (k, b) -> k.copy(b[0], c[0], b[0], c[1], c[2]), 0);
        }
        same(new float[][] {random(60), random(90)}, 1, (k, b) -> k.copy2d(b[0], 3, 11, b[1], 2, 13, 5, 7), 0);
    }

    @Test
    void gemmShapesMatch() {
        int m = 5, n = 7, k = 3;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (boolean acc : new boolean[] {false, true}) {
                    for (boolean bias : new boolean[] {false, true}) {
                        int lda = (ta ? m : k) + 2;
                        int ldb = (tb ? k : n) + 1;
                        same(new float[][] {random(4 + 8 * lda), random(1 + 8 * ldb), random(3 + m * (n + 4)), random(n + 2)}, 2,
                                (kk, b) -> kk.gemm(ta, tb, m, n, k, b[0], 4, lda, b[1], 1, ldb, b[2], 3, n + 4, bias ? b[3] : null, 2, acc),
                                1e-5);
                    }
                }
            }
        }
        // k = 0: C = (accumulate ? C : 0) + bias
        for (boolean acc : new boolean[] {false, true}) {
            same(new float[][] {random(4), random(4), random(m * n), random(n)}, 2,
                    (kk, b) -> kk.gemm(false, false, m, n, 0, b[0], 0, 1, b[1], 0, n, b[2], 0, n, b[3], 0, acc), 0);
        }
    }

    @Test
    void interpolationsOverListedAndGridRows() {
        BatchLayout cached = BatchLayout.of(new int[] {3, 1, 5}, 2);
        int cols = 6;
        float[] from = random(cached.rows() * cols + 4);
        float[] to = random(from.length);
        float[] fromA = random((int) cached.attnSize());
        float[] toA = random(fromA.length);
        float[] alphas = {0.2f, 0.6f, 1f};
        for (RowMap map : new RowMap[] {RowMap.listed(new int[] {2, 0, 0, 1}), RowMap.grid(3, 2, 7)}) {
            int[] lens = new int[map.rows()];
            for (int i = 0; i < lens.length; i++) lens[i] = cached.length(map.prompt(i));
            BatchLayout pass = BatchLayout.of(lens, 2);
            Function<Kernels, float[]> rows = k -> {
                try (Prepared<BatchLayout> c = k.prepare(cached); Prepared<RowMap> r = k.prepare(map);
                     Prepared<BatchLayout> derived = k.prepare(pass, c, r)) {
                    Buf f = k.upload(from.clone()), t = k.upload(to.clone()), a = k.upload(alphas.clone());
                    Buf fa = k.upload(fromA.clone()), ta = k.upload(toA.clone());
                    Buf out = k.alloc((long) pass.rows() * (cols + 1) + pass.attnSize());
                    k.interpolatePromptRows(out, 0, cols + 1, derived, f, t, 4, cols, c, r, a, cols - 1);
                    k.interpolatePromptRows(out, cols - 1, cols + 1, derived, null, t, 4 + cols - 2, cols, c, r, null, 2);
                    k.interpolatePromptBlocks(out, derived, fa, ta, c, r, a, 1, 1);
                    float[] host = new float[(int) out.size()];
                    k.download(out, 0, host, 0, host.length);
                    for (Buf b : new Buf[] {f, t, a, fa, ta, out}) k.release(b);
                    return host;
                }
            };
            assertArrayEquals(rows.apply(cpu), rows.apply(gpu), map.toString());
        }
    }

    @Test
    void everyMetricKindMatches() {
        int vocab = 40;
        int prompts = 3;
        float[] logits = random(5 * vocab);
        float[] reference = random(prompts * vocab);
        RowMap rows = RowMap.listed(new int[] {1, 0, 2, 2, 1});
        for (MetricSpec.Kind kind : MetricSpec.Kind.values()) {
            Function<Kernels, float[]> run = k -> {
                Buf ref = k.upload(reference.clone());
                MetricSpec spec = kind == MetricSpec.Kind.KL || kind == MetricSpec.Kind.KL_MEAN
                        ? MetricSpec.kl(kind == MetricSpec.Kind.KL_MEAN, prompts, vocab, ref)
                        : MetricSpec.answers(kind == MetricSpec.Kind.PROBS, prompts, vocab, new int[] {0, 2, 5, 5}, new int[] {3, 4, 7, 7, 39},
                        new double[] {1, -1, 0.5, 0.25, -2});
                Buf z = k.upload(logits.clone());
                Buf values = k.alloc(5);
                Buf grad = k.alloc(5L * vocab);
                try (Prepared<MetricSpec> m = k.prepare(spec); Prepared<RowMap> r = k.prepare(rows)) {
                    k.metric(m, z, r, values, grad);
                }
                float[] out = new float[5 + 5 * vocab];
                k.download(values, 0, out, 0, 5);
                k.download(grad, 0, out, 5, 5 * vocab);
                for (Buf b : new Buf[] {ref, z, values, grad}) k.release(b);
                return out;
            };
            double err = CudaParityChecks.maxAbsDiff(run.apply(gpu), run.apply(cpu));
            assertTrue(err <= 1e-6, kind + ": max |cuda − cpu| " + err);
        }
    }

    @Test
    void everyGroupingOfGroupedDotMatches() {
        BatchLayout cached = BatchLayout.of(new int[] {4, 2, 6}, 3);
        RowMap map = RowMap.grid(3, 1, 5);
        int[] lens = new int[map.rows()];
        for (int i = 0; i < lens.length; i++) lens[i] = cached.length(map.prompt(i));
        BatchLayout pass = BatchLayout.of(lens, 3);
        int cols = 12;
        float[] a = random((int) Math.max(pass.rows() * cols + 2, pass.attnSize()));
        float[] to = random((int) Math.max(cached.rows() * cols + 1, cached.attnSize()));
        float[] from = to.clone();
        for (int i = 0; i < from.length; i += 3) from[i] = (float) rng.nextGaussian();
        UnitGrouping[] groupings = {UnitGrouping.rows(cols, 4, false, 0), UnitGrouping.rows(cols, cols, false, 0), UnitGrouping.rows(cols, 1, true, 8),
                UnitGrouping.attention(3, false, 0), UnitGrouping.attention(3, true, 6)};
        for (UnitGrouping g : groupings) {
            for (int factors = 0; factors < 3; factors++) {
                int f = factors;
                Function<Kernels, float[]> run = k -> {
                    try (Prepared<BatchLayout> c = k.prepare(cached); Prepared<RowMap> r = k.prepare(map);
                         Prepared<BatchLayout> p = k.prepare(pass, c, r)) {
                        Buf ab = k.upload(a.clone()), tb = k.upload(to.clone()), fb = k.upload(from.clone());
                        Buf out = k.alloc((long) map.rows() * g.unitsPerRow());
                        boolean rowsShaped = !g.attention();
                        k.groupedDot(g, ab, rowsShaped ? 2 : 0, cols, p, f < 2 ? tb : null, f == 0 ? fb : null, rowsShaped ? 1 : 0, cols,
                                f < 2 ? c : null, r, out);
                        float[] host = new float[(int) out.size()];
                        k.download(out, 0, host, 0, host.length);
                        for (Buf b : new Buf[] {ab, tb, fb, out}) k.release(b);
                        return host;
                    }
                };
                // the same operations in the same order as GroupedDot: the CPU's bits
                assertArrayEquals(run.apply(cpu), run.apply(gpu), g + " factors " + f);
            }
        }
    }

    @Test
    void lastRowsGatherAndScatterBack() {
        BatchLayout lay = BatchLayout.of(new int[] {2, 5, 1}, 1);
        int width = 9;
        same(new float[][] {random(lay.rows() * width), random(3 * width)}, 1, (k, b) -> {
            try (Prepared<BatchLayout> p = k.prepare(lay)) {
                k.gatherLastRows(b[0], width, p, b[1]);
            }
        }, 0);
        same(new float[][] {random(3 * width), random(lay.rows() * width)}, 1, (k, b) -> {
            try (Prepared<BatchLayout> p = k.prepare(lay)) {
                k.scatterAddLastRows(b[0], width, p, b[1]);
            }
        }, 0);
        same(new float[][] {random(30), random(30), random(30)}, 2, (k, b) -> k.mul(b[0], b[1], b[2], 30), 0);
    }

    @Test
    void indicesOutOfRangeAndReleasedBuffersAreErrors() {
        Buf table = gpu.upload(random(20));
        Buf out = gpu.alloc(20);
        IntBuf idx = gpu.uploadInts(new int[] {0, 4, 5});
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> gpu.gatherRows(table, 4, idx, 3, out));
        assertTrue(e.getMessage().contains("index 2 is 5"), e.getMessage());
        gpu.release(idx);
        gpu.release(table);
        assertThrows(IllegalStateException.class, () -> gpu.add(table, out, out, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> gpu.download(out, 10, new float[20], 0, 20));
        BatchLayout lay = BatchLayout.of(new int[] {2, 3}, 1);
        try (Prepared<BatchLayout> p = gpu.prepare(lay); Prepared<RowMap> r = gpu.prepare(RowMap.identity(2))) {
            // rows of 4 columns from offset 2: the last row ends at element 22 of a 20-element buffer
            assertThrows(IndexOutOfBoundsException.class, () -> gpu.interpolatePromptRows(out, 0, 4, p, null, out, 2, 4, p, r, null, 4));
        }
        gpu.release(out);
    }
}
