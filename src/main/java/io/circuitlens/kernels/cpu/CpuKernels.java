package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.IntBuf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.MetricSpec;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.kernels.UnitGrouping;
import io.circuitlens.kernels.PatchMode;
import io.circuitlens.kernels.PatchSegments;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pure-Java backend: float arrays on the heap, loops vectorised with the Vector API, work split over the
 * threads of one {@link Parallel}. Elementwise kernels are split by rows; attention by (prompt, head).
 */
public final class CpuKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float GELU_C = (float) Math.sqrt(2.0 / Math.PI);

    private final Parallel par;
    private final BufferPool pool = BufferPool.forHeap();

    public CpuKernels(Parallel par) {
        this(par, true);
    }

    /** {@code warmUp}: start compiling the hot kernels in the background (see {@link CpuWarmup}). */
    CpuKernels(Parallel par, boolean warmUp) {
        this.par = par;
        if (warmUp) CpuWarmup.startOnce();
    }

    /** A backend using every available processor. */
    public static CpuKernels create() {
        return new CpuKernels(Parallel.ofAvailableProcessors());
    }

    public Parallel parallel() {
        return par;
    }

    @Override
    public String describe() {
        CacheSizes caches = CacheSizes.read();
        return "cpu: " + par.threads() + " threads, Java Vector API " + S.vectorBitSize() + "-bit, GEMM: circuitlens Java sgemm ("
                + GemmKernel.MR + "×" + GemmKernel.NR + " tiles, blocks " + GemmBlocking.DEFAULT + " for "
                + (caches.measured() ? (caches.l1d() >> 10) + " KB L1d / " + (caches.l2() >> 10) + " KB L2" : "unknown caches") + ")";
    }

    /** The heap array behind a CPU buffer (for the CPU kernels' helpers). */
    static float[] array(Buf b) {
        return f(b);
    }

    private static float[] f(Buf b) {
        CpuBuf c = (CpuBuf) b;
        if (c.released) throw new IllegalStateException("buffer used after release");
        return c.a;
    }

    private static int i(long offset) {
        return Math.toIntExact(offset);
    }

    // ---- memory ----

    @Override
    public Buf alloc(long n) {
        int len = Math.toIntExact(n);
        float[] a = pool.take(len);
        return new CpuBuf(a != null ? a : new float[len], true);
    }

    @Override
    public Buf upload(float[] host) {
        return new CpuBuf(host, false);
    }

    @Override
    public IntBuf uploadInts(int[] host) {
        return new CpuIntBuf(host);
    }

    @Override
    public void download(Buf src, long srcOffset, float[] dst, int dstOffset, int n) {
        System.arraycopy(f(src), i(srcOffset), dst, dstOffset, n);
    }

    @Override
    public void release(Buf buf) {
        CpuBuf b = (CpuBuf) buf;
        if (b.owned && !b.released) pool.give(b.a);
        b.released = true;
    }

    @Override
    public void release(IntBuf buf) {
        // heap memory: the garbage collector frees it
    }

    @Override
    public void fill(Buf dst, long offset, long n, float value) {
        java.util.Arrays.fill(f(dst), i(offset), i(offset + n), value);
    }

    @Override
    public void copy2d(Buf src, long srcOffset, int srcLd, Buf dst, long dstOffset, int dstLd, int rows, int cols) {
        float[] s = f(src);
        float[] d = f(dst);
        int so = i(srcOffset);
        int doff = i(dstOffset);
        if (srcLd == cols && dstLd == cols) {
            System.arraycopy(s, so, d, doff, Math.multiplyExact(rows, cols));
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s, so + r * srcLd, d, doff + r * dstLd, cols);
        }
    }

    @Override
    public void copy(Buf src, long srcOffset, Buf dst, long dstOffset, long n) {
        System.arraycopy(f(src), i(srcOffset), f(dst), i(dstOffset), i(n));
    }

    // ---- descriptions prepared for the kernels ----

    @Override
    public Prepared<BatchLayout> prepare(BatchLayout layout) {
        return new CpuPrepared<>(layout);
    }

    @Override
    public Prepared<BatchLayout> prepare(BatchLayout layout, Prepared<BatchLayout> prompts, Prepared<RowMap> rows) {
        RowMap map = rows.host();
        BatchLayout src = prompts.host();
        if (map.rows() != layout.prompts()) {
            throw new IllegalArgumentException("layout of " + layout.prompts() + " rows for a map of " + map.rows());
        }
        for (int r = 0; r < map.rows(); r++) {
            if (layout.end(r) != src.end(map.prompt(r))) {
                throw new IllegalArgumentException("row " + r + " has " + layout.end(r) + " tokens but prompt " + map.prompt(r)
                        + " has " + src.end(map.prompt(r)));
            }
        }
        return new CpuPrepared<>(layout);
    }

    @Override
    public Prepared<PatchSegments> prepare(PatchSegments segments) {
        return new CpuPrepared<>(segments);
    }

    @Override
    public Prepared<RowMap> prepare(RowMap rows) {
        return new CpuPrepared<>(rows);
    }

    @Override
    public Prepared<MetricSpec> prepare(MetricSpec metric) {
        return new CpuMetric(metric);
    }

    // ---- math ----

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Buf a, long aOffset, int lda, Buf b,
                     long bOffset, int ldb, Buf c, long cOffset, int ldc, Buf bias, long biasOffset, boolean accumulate) {
        // rows of these products are batch rows: keep each row's arithmetic independent of the batch
        Gemm.sgemmRowInvariant(par, transA, transB, m, n, k, f(a), i(aOffset), lda, f(b), i(bOffset), ldb, f(c), i(cOffset), ldc,
                bias == null ? null : f(bias), i(biasOffset), accumulate);
    }

    @Override
    public void gatherRows(Buf table, int width, IntBuf index, int count, Buf out) {
        float[] t = f(table);
        float[] o = f(out);
        int[] idx = ((CpuIntBuf) index).a;
        for (int r = 0; r < count; r++) {
            System.arraycopy(t, Math.multiplyExact(idx[r], width), o, r * width, width);
        }
    }

    @Override
    public void add(Buf a, Buf b, Buf out, long n) {
        float[] x = f(a);
        float[] y = f(b);
        float[] o = f(out);
        par.forRange(i(n), 1 << 14, (s, e) -> {
            for (int j = s; j < e; j += S.length()) {
                var m = S.indexInRange(j, e);
                FloatVector.fromArray(S, x, j, m).add(FloatVector.fromArray(S, y, j, m)).intoArray(o, j, m);
            }
        });
    }

    @Override
    public void mul(Buf a, Buf b, Buf out, long n) {
        float[] x = f(a);
        float[] y = f(b);
        float[] o = f(out);
        par.forRange(i(n), 1 << 14, (s, e) -> {
            for (int j = s; j < e; j += S.length()) {
                var m = S.indexInRange(j, e);
                FloatVector.fromArray(S, x, j, m).mul(FloatVector.fromArray(S, y, j, m)).intoArray(o, j, m);
            }
        });
    }

    @Override
    public void gatherLastRows(Buf x, int width, Prepared<BatchLayout> layout, Buf out) {
        float[] xs = f(x);
        float[] o = f(out);
        BatchLayout lay = layout.host();
        for (int p = 0; p < lay.prompts(); p++) System.arraycopy(xs, lay.lastRow(p) * width, o, p * width, width);
    }

    @Override
    public void layerNormScale(Buf x, int rows, int d, float eps, Buf scale) {
        float[] xs = f(x);
        float[] sc = f(scale);
        par.forRange(rows, 16, (s, e) -> {
            for (int r = s; r < e; r++) {
                int off = r * d;
                float mean = sum(xs, off, d) / d;
                sc[r] = (float) Math.sqrt(sumSquaredDeviation(xs, off, d, mean) / d + eps);
            }
        });
    }

    @Override
    public void layerNormApply(Buf x, Buf scale, Buf w, Buf b, int rows, int d, Buf out) {
        float[] xs = f(x);
        float[] sc = f(scale);
        float[] ws = f(w);
        float[] bs = f(b);
        float[] o = f(out);
        par.forRange(rows, 16, (s, e) -> {
            for (int r = s; r < e; r++) {
                int off = r * d;
                float mean = sum(xs, off, d) / d;
                float inv = 1f / sc[r];
                FloatVector vm = FloatVector.broadcast(S, mean);
                FloatVector vi = FloatVector.broadcast(S, inv);
                int j = 0;
                for (int bound = S.loopBound(d); j < bound; j += S.length()) {
                    FloatVector xv = FloatVector.fromArray(S, xs, off + j).sub(vm).mul(vi);
                    xv.fma(FloatVector.fromArray(S, ws, j), FloatVector.fromArray(S, bs, j)).intoArray(o, off + j);
                }
                for (; j < d; j++) o[off + j] = (xs[off + j] - mean) * inv * ws[j] + bs[j];
            }
        });
    }

    private static float sum(float[] a, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) acc = acc.add(FloatVector.fromArray(S, a, off + j));
        float s = VectorMath.laneSum(acc);
        for (; j < n; j++) s += a[off + j];
        return s;
    }

    private static float sumSquaredDeviation(float[] a, int off, int n, float mean) {
        FloatVector acc = FloatVector.zero(S);
        FloatVector vm = FloatVector.broadcast(S, mean);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector t = FloatVector.fromArray(S, a, off + j).sub(vm);
            acc = t.fma(t, acc);
        }
        float s = VectorMath.laneSum(acc);
        for (; j < n; j++) {
            float t = a[off + j] - mean;
            s += t * t;
        }
        return s;
    }

    @Override
    public void geluNew(Buf x, Buf out, long n) {
        float[] xs = f(x);
        float[] o = f(out);
        par.forRange(i(n), 1 << 13, (s, e) -> {
            FloatVector one = FloatVector.broadcast(S, 1f);
            // 0.5·x·(1 + tanh(u)) = x / (1 + e^(−2u)), u = √(2/π)·(x + 0.044715·x³): one exp, no cancellation
            FloatVector c = FloatVector.broadcast(S, -2f * GELU_C);
            FloatVector k = FloatVector.broadcast(S, 0.044715f);
            // The tail goes through the same vector code under a mask, so an element's value never depends on
            // where chunk boundaries fall (i.e. on what else is in the batch).
            for (int j = s; j < e; j += S.length()) {
                var m = S.indexInRange(j, e);
                FloatVector v = FloatVector.fromArray(S, xs, j, m);
                FloatVector minus2u = v.mul(v).mul(v).fma(k, v).mul(c);
                v.div(VectorMath.exp(minus2u).add(one)).intoArray(o, j, m);
            }
        });
    }

    @Override
    public void attentionScores(Buf q, long qOffset, Buf k, long kOffset, int ld, int dHead, Prepared<BatchLayout> layout, Buf scores) {
        float[] qs = f(q);
        float[] ks = f(k);
        float[] out = f(scores);
        float scale = (float) (1.0 / Math.sqrt(dHead));
        forEachPromptHead(layout, (p, h, len, r0, blk) -> {
            int rowOff = r0 * ld + h * dHead;
            Gemm.sgemm(par, false, true, len, len, dHead, qs, i(qOffset) + rowOff, ld, ks, i(kOffset) + rowOff, ld,
                    out, blk, len, null, 0, false);
            for (int qi = 0; qi < len; qi++) {
                int row = blk + qi * len;
                for (int kj = 0; kj <= qi; kj++) out[row + kj] *= scale;
                java.util.Arrays.fill(out, row + qi + 1, row + len, Float.NEGATIVE_INFINITY);
            }
        });
    }

    @Override
    public void causalSoftmax(Buf scores, Prepared<BatchLayout> layout, Buf pattern) {
        float[] sc = f(scores);
        float[] pt = f(pattern);
        forEachPromptHead(layout, (p, h, len, r0, blk) -> {
            for (int qi = 0; qi < len; qi++) {
                int row = blk + qi * len;
                float max = Float.NEGATIVE_INFINITY;
                for (int kj = 0; kj <= qi; kj++) max = Math.max(max, sc[row + kj]);
                if (max == Float.NEGATIVE_INFINITY) {
                    java.util.Arrays.fill(pt, row, row + len, 0f);
                    continue;
                }
                float total = 0;
                for (int kj = 0; kj <= qi; kj++) {
                    float ex = (float) Math.exp(sc[row + kj] - max);
                    pt[row + kj] = ex;
                    total += ex;
                }
                float inv = 1f / total;
                for (int kj = 0; kj <= qi; kj++) pt[row + kj] *= inv;
                java.util.Arrays.fill(pt, row + qi + 1, row + len, 0f);
            }
        });
    }

    @Override
    public void attentionMix(Buf pattern, Buf v, long vOffset, int ldv, int dHead, Prepared<BatchLayout> layout, Buf z) {
        float[] pt = f(pattern);
        float[] vs = f(v);
        float[] zs = f(z);
        int nHeads = layout.host().nHeads();
        int ldz = nHeads * dHead;
        forEachPromptHead(layout, (p, h, len, r0, blk) -> {
            Gemm.sgemm(par, false, false, len, dHead, len, pt, blk, len, vs, i(vOffset) + r0 * ldv + h * dHead, ldv,
                    zs, r0 * ldz + h * dHead, ldz, null, 0, false);
        });
    }

    @Override
    public void axpy(float alpha, Buf x, Buf y, long n) {
        float[] xs = f(x);
        float[] ys = f(y);
        par.forRange(i(n), 1 << 14, (s, e) -> {
            FloatVector va = FloatVector.broadcast(S, alpha);
            for (int j = s; j < e; j += S.length()) {
                var m = S.indexInRange(j, e);
                FloatVector.fromArray(S, xs, j, m).fma(va, FloatVector.fromArray(S, ys, j, m)).intoArray(ys, j, m);
            }
        });
    }

    @Override
    public void sumHeads(Buf result, int rows, int nHeads, int width, Buf out, boolean accumulate) {
        float[] rs = f(result);
        float[] o = f(out);
        par.forRange(rows, 8, (s, e) -> {
            for (int r = s; r < e; r++) {
                int ro = r * width;
                if (!accumulate) java.util.Arrays.fill(o, ro, ro + width, 0f);
                for (int h = 0; h < nHeads; h++) {
                    int src = (r * nHeads + h) * width;
                    for (int j = 0; j < width; j += S.length()) {
                        var m = S.indexInRange(j, width);
                        FloatVector.fromArray(S, o, ro + j, m).add(FloatVector.fromArray(S, rs, src + j, m)).intoArray(o, ro + j, m);
                    }
                }
            }
        });
    }

    @Override
    public void patch(Buf dst, Buf src, Prepared<PatchSegments> prepared, PatchMode mode) {
        PatchSegments segments = prepared.host();
        float[] d = f(dst);
        float[] sr = mode == PatchMode.ZERO ? null : f(src);
        for (int g = 0; g < segments.count(); g++) {
            int dOff = i(segments.dstOffset()[g]);
            int len = segments.length()[g];
            float alpha = segments.alpha()[g];
            switch (mode) {
                case ZERO -> java.util.Arrays.fill(d, dOff, dOff + len, 0f);
                case BLEND -> {
                    int sOff = i(segments.srcOffset()[g]);
                    for (int j = 0; j < len; j++) d[dOff + j] = blend(d[dOff + j], sr[sOff + j], alpha);
                }
                case ADD -> {
                    int sOff = i(segments.srcOffset()[g]);
                    for (int j = 0; j < len; j++) d[dOff + j] += alpha * sr[sOff + j];
                }
            }
        }
    }

    @Override
    public void interpolatePromptRows(Buf dst, long dstOffset, int dstLd, Prepared<BatchLayout> dstLayout, Buf from, Buf to,
                                      long srcOffset, int srcLd, Prepared<BatchLayout> srcLayout, Prepared<RowMap> rows, Buf alphas,
                                      int cols) {
        PromptRows.rows(par, f(dst), i(dstOffset), dstLd, dstLayout.host(), from == null ? null : f(from), f(to), i(srcOffset), srcLd,
                srcLayout.host(), rows.host(), alphas == null ? null : f(alphas), cols);
    }

    @Override
    public void interpolatePromptBlocks(Buf dst, Prepared<BatchLayout> dstLayout, Buf from, Buf to, Prepared<BatchLayout> srcLayout,
                                        Prepared<RowMap> rows, Buf alphas, int headFirst, int heads) {
        PromptRows.blocks(par, f(dst), dstLayout.host(), from == null ? null : f(from), f(to), srcLayout.host(), rows.host(),
                alphas == null ? null : f(alphas), headFirst, heads);
    }

    @Override
    public void metric(Prepared<MetricSpec> metric, Buf logits, Prepared<RowMap> rows, Buf values, Buf dLogits) {
        CpuMetric m = (CpuMetric) metric;
        int vocab = m.host().vocab();
        RowMap map = rows.host();
        float[] z = f(logits);
        float[] out = f(values);
        float[] grad = dLogits == null ? null : f(dLogits);
        int[] prompt = map.prompts();
        par.forRange(map.rows(), 1, (s, e) -> {
            double[] row = new double[vocab];
            double[] rowGrad = grad == null ? null : new double[vocab];
            for (int r = s; r < e; r++) {
                int base = r * vocab;
                for (int v = 0; v < vocab; v++) row[v] = z[base + v];
                out[r] = (float) m.row(row, prompt[r], rowGrad);
                if (rowGrad != null) {
                    for (int v = 0; v < vocab; v++) grad[base + v] = (float) rowGrad[v];
                }
            }
        });
    }

    @Override
    public void groupedDot(UnitGrouping grouping, Buf a, long aOffset, int aLd, Prepared<BatchLayout> aLayout, Buf to, Buf from,
                           long bOffset, int bLd, Prepared<BatchLayout> bLayout, Prepared<RowMap> rows, Buf out) {
        GroupedDot.run(par, grouping, f(a), i(aOffset), aLd, aLayout.host(), to == null ? null : f(to), from == null ? null : f(from),
                i(bOffset), bLd, bLayout == null ? null : bLayout.host(), rows.host(), f(out));
    }

    /** Work on one (prompt, head) of a batch: the prompt's length and first row, the start of its [len, len] block. */
    @FunctionalInterface
    private interface HeadWork {
        void run(int p, int h, int len, int r0, int blk);
    }

    /** Runs work for every (prompt, head) of a batch, split over the threads. */
    private void forEachPromptHead(Prepared<BatchLayout> prepared, HeadWork work) {
        BatchLayout layout = prepared.host();
        int nHeads = layout.nHeads();
        par.forRange(layout.prompts() * nHeads, 1, (s, e) -> {
            for (int ph = s; ph < e; ph++) {
                int p = ph / nHeads;
                int h = ph % nHeads;
                int len = layout.length(p);
                work.run(p, h, len, layout.rowStart()[p], i(layout.attnStart()[p] + (long) h * len * len));
            }
        });
    }

    // ---- backward ----

    @Override
    public void scatterAddRows(Buf src, int width, IntBuf index, int count, Buf out) {
        float[] sr = f(src);
        float[] o = f(out);
        int[] idx = ((CpuIntBuf) index).a;
        for (int r = 0; r < count; r++) {
            int dst = Math.multiplyExact(idx[r], width);
            for (int j = 0; j < width; j++) o[dst + j] += sr[r * width + j];
        }
    }

    @Override
    public void scatterAddLastRows(Buf src, int width, Prepared<BatchLayout> layout, Buf out) {
        float[] sr = f(src);
        float[] o = f(out);
        BatchLayout lay = layout.host();
        for (int p = 0; p < lay.prompts(); p++) {
            int dst = lay.lastRow(p) * width;
            for (int j = 0; j < width; j++) o[dst + j] += sr[p * width + j];
        }
    }

    @Override
    public void layerNormApplyBackward(Buf x, Buf scale, Buf w, Buf dOut, int rows, int d, Buf dX, Buf dScale) {
        float[] xs = f(x);
        float[] sc = f(scale);
        float[] ws = f(w);
        float[] dy = f(dOut);
        float[] dx = f(dX);
        float[] ds = f(dScale);
        par.forRange(rows, 16, (s, e) -> {
            for (int r = s; r < e; r++) {
                int off = r * d;
                double mean = rowMean(xs, off, d);
                double inv = 1.0 / sc[r];
                double gMean = 0;
                double gDotXhat = 0;
                for (int j = 0; j < d; j++) {
                    double g = (double) dy[off + j] * ws[j];
                    gMean += g;
                    gDotXhat += g * (xs[off + j] - mean) * inv;
                }
                gMean /= d;
                for (int j = 0; j < d; j++) dx[off + j] += (float) (((double) dy[off + j] * ws[j] - gMean) * inv);
                ds[r] = (float) (-gDotXhat * inv);
            }
        });
    }

    /** Mean of a row in double: the backward passes recompute it instead of keeping it from the forward pass. */
    private static double rowMean(float[] a, int off, int n) {
        double mean = 0;
        for (int j = 0; j < n; j++) mean += a[off + j];
        return mean / n;
    }

    @Override
    public void layerNormScaleBackward(Buf x, Buf scale, Buf dScale, int rows, int d, Buf dX) {
        float[] xs = f(x);
        float[] sc = f(scale);
        float[] ds = f(dScale);
        float[] dx = f(dX);
        par.forRange(rows, 16, (s, e) -> {
            for (int r = s; r < e; r++) {
                int off = r * d;
                double mean = rowMean(xs, off, d);
                // d scale / d x_j = (x_j − mean) / (d · scale)
                double k = ds[r] / ((double) d * sc[r]);
                for (int j = 0; j < d; j++) dx[off + j] += (float) (k * (xs[off + j] - mean));
            }
        });
    }

    @Override
    public void geluNewBackward(Buf x, Buf dOut, Buf dX, long n) {
        float[] xs = f(x);
        float[] dy = f(dOut);
        float[] dx = f(dX);
        par.forRange(i(n), 1 << 13, (s, e) -> {
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector half = FloatVector.broadcast(S, 0.5f);
            FloatVector c = FloatVector.broadcast(S, GELU_C);
            FloatVector k = FloatVector.broadcast(S, 0.044715f);
            FloatVector k3 = FloatVector.broadcast(S, 3 * 0.044715f);
            for (int j = s; j < e; j += S.length()) {
                var m = S.indexInRange(j, e);
                FloatVector v = FloatVector.fromArray(S, xs, j, m);
                FloatVector u = v.mul(v).mul(v).fma(k, v).mul(c);
                // tanh(u) = 2 / (1 + e^(−2u)) − 1, through the deterministic exp
                FloatVector t = one.add(one).div(VectorMath.exp(u.mul(-2f)).add(one)).sub(one);
                FloatVector du = v.mul(v).fma(k3, one).mul(c); // du/dx
                // d/dx [0.5·x·(1 + tanh u)] = 0.5·(1 + tanh u) + 0.5·x·(1 − tanh² u)·du/dx
                FloatVector grad = half.mul(one.add(t)).add(half.mul(v).mul(one.sub(t.mul(t))).mul(du));
                grad.mul(FloatVector.fromArray(S, dy, j, m)).intoArray(dx, j, m);
            }
        });
    }

    @Override
    public void attentionMixBackward(Buf pattern, Buf v, long vOffset, int ldv, Buf dZ, int dHead, Prepared<BatchLayout> layout,
                                     Buf dPattern, Buf dV, long dvOffset) {
        float[] pt = f(pattern);
        float[] vs = f(v);
        float[] dz = f(dZ);
        float[] dp = f(dPattern);
        float[] dv = f(dV);
        int nHeads = layout.host().nHeads();
        int ldz = nHeads * dHead;
        forEachPromptHead(layout, (p, h, len, r0, blk) -> {
            int zOff = r0 * ldz + h * dHead;
            int vOff = i(vOffset) + r0 * ldv + h * dHead;
            // entries above the diagonal keep their gradient: the mix reads the whole pattern, so a patch there counts
            Gemm.sgemm(par, false, true, len, len, dHead, dz, zOff, ldz, vs, vOff, ldv, dp, blk, len, null, 0, false);
            Gemm.sgemm(par, true, false, len, dHead, len, pt, blk, len, dz, zOff, ldz, dv, i(dvOffset) + r0 * ldv + h * dHead, ldv,
                    null, 0, false);
        });
    }

    @Override
    public void causalSoftmaxBackward(Buf pattern, Buf dPattern, Prepared<BatchLayout> layout, Buf dScores) {
        float[] pt = f(pattern);
        float[] dp = f(dPattern);
        float[] ds = f(dScores);
        forEachPromptHead(layout, (p, h, len, r0, blk) -> {
            for (int qi = 0; qi < len; qi++) {
                int row = blk + qi * len;
                double dot = 0;
                for (int kj = 0; kj <= qi; kj++) dot += (double) pt[row + kj] * dp[row + kj];
                for (int kj = 0; kj <= qi; kj++) ds[row + kj] = (float) (pt[row + kj] * (dp[row + kj] - dot));
                java.util.Arrays.fill(ds, row + qi + 1, row + len, 0f);
            }
        });
    }

    @Override
    public void attentionScoresBackward(Buf q, long qOffset, Buf k, long kOffset, int ld, int dHead, Prepared<BatchLayout> layout,
                                        Buf dScores, Buf dQ, long dqOffset, Buf dK, long dkOffset) {
        float[] qs = f(q);
        float[] ks = f(k);
        float[] ds = f(dScores);
        float[] dq = f(dQ);
        float[] dk = f(dK);
        float scale = (float) (1.0 / Math.sqrt(dHead));
        forEachPromptHead(layout, (p, h, len, r0, blk) -> {
            int rowOff = r0 * ld + h * dHead;
            int qo = i(dqOffset) + rowOff;
            int ko = i(dkOffset) + rowOff;
            Gemm.sgemm(par, false, false, len, dHead, len, ds, blk, len, ks, i(kOffset) + rowOff, ld, dq, qo, ld, null, 0, false);
            Gemm.sgemm(par, true, false, len, dHead, len, ds, blk, len, qs, i(qOffset) + rowOff, ld, dk, ko, ld, null, 0, false);
            for (int r = 0; r < len; r++) {
                for (int j = 0; j < dHead; j++) {
                    dq[qo + r * ld + j] *= scale;
                    dk[ko + r * ld + j] *= scale;
                }
            }
        });
    }

    @Override
    public void patchBackward(Buf grad, Prepared<PatchSegments> prepared, PatchMode mode) {
        PatchSegments segments = prepared.host();
        if (mode == PatchMode.ADD) return; // the added value does not depend on the base activation
        float[] g = f(grad);
        for (int s = 0; s < segments.count(); s++) {
            int off = i(segments.dstOffset()[s]);
            int len = segments.length()[s];
            float keep = mode == PatchMode.ZERO ? 0f : 1f - segments.alpha()[s];
            for (int j = 0; j < len; j++) g[off + j] *= keep;
        }
    }

    /**
     * dst + alpha·(src − dst), exact at the ends: alpha = 1 gives src bit for bit (a full patch must reproduce the
     * source run exactly) and equal values (e.g. two masked −∞ scores) stay as they are instead of becoming NaN.
     */
    static float blend(float dst, float src, float alpha) {
        if (alpha == 1f || dst == src) return alpha == 1f ? src : dst;
        return dst + alpha * (src - dst);
    }

    @Override
    public void close() {
        pool.clear();
        par.close();
    }
}
