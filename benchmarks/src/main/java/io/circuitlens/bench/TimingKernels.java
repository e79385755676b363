package io.circuitlens.bench;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.IntBuf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.PatchMode;
import io.circuitlens.kernels.PatchSegments;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** A Kernels decorator that adds up wall time per kernel, to see where a forward pass spends it. */
final class TimingKernels implements Kernels {
    private final Kernels inner;
    private final Map<String, long[]> nanos = new TreeMap<>();

    TimingKernels(Kernels inner) {
        this.inner = inner;
    }

    Map<String, long[]> totals() {
        return nanos;
    }

    void reset() {
        nanos.clear();
    }

    private void time(String name, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        long[] acc = nanos.computeIfAbsent(name, k -> new long[2]);
        acc[0] += System.nanoTime() - t0;
        acc[1]++;
    }

    private <T> T time(String name, Supplier<T> s) {
        long t0 = System.nanoTime();
        T v = s.get();
        long[] acc = nanos.computeIfAbsent(name, k -> new long[2]);
        acc[0] += System.nanoTime() - t0;
        acc[1]++;
        return v;
    }

    @Override public String describe() { return "timed " + inner.describe(); }
    @Override public Buf alloc(long n) { return time("alloc", () -> inner.alloc(n)); }
    @Override public Buf upload(float[] host) { return inner.upload(host); }
    @Override public IntBuf uploadInts(int[] host) { return inner.uploadInts(host); }
    @Override public void download(Buf src, long o, float[] dst, int d, int n) { time("download", () -> inner.download(src, o, dst, d, n)); }
    @Override public void release(Buf b) { inner.release(b); }
    @Override public void release(IntBuf b) { inner.release(b); }
    @Override public void fill(Buf d, long o, long n, float v) { time("fill", () -> inner.fill(d, o, n, v)); }
    @Override public void copy2d(Buf s, long so, int sl, Buf d, long dO, int dl, int r, int c) { time("copy2d", () -> inner.copy2d(s, so, sl, d, dO, dl, r, c)); }

    @Override
    public void gemm(boolean ta, boolean tb, int m, int n, int k, Buf a, long ao, int lda, Buf b, long bo, int ldb, Buf c, long co, int ldc,
                     Buf bias, long biaso, boolean acc) {
        time("gemm " + m + "x" + n + "x" + k + (tb ? " NT" : " NN"), () -> inner.gemm(ta, tb, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, bias, biaso, acc));
    }

    @Override public void gatherRows(Buf t, int w, IntBuf i, int c, Buf o) { time("gatherRows", () -> inner.gatherRows(t, w, i, c, o)); }
    @Override public void add(Buf a, Buf b, Buf o, long n) { time("add", () -> inner.add(a, b, o, n)); }
    @Override public void layerNormScale(Buf x, int r, int d, float e, Buf s) { time("layerNormScale", () -> inner.layerNormScale(x, r, d, e, s)); }
    @Override public void layerNormApply(Buf x, Buf s, Buf w, Buf b, int r, int d, Buf o) { time("layerNormApply", () -> inner.layerNormApply(x, s, w, b, r, d, o)); }
    @Override public void geluNew(Buf x, Buf o, long n) { time("geluNew", () -> inner.geluNew(x, o, n)); }
    @Override public void attentionScores(Buf q, long qo, Buf k, long ko, int ld, int dh, BatchLayout l, Buf s) { time("attentionScores", () -> inner.attentionScores(q, qo, k, ko, ld, dh, l, s)); }
    @Override public void causalSoftmax(Buf s, BatchLayout l, Buf p) { time("causalSoftmax", () -> inner.causalSoftmax(s, l, p)); }
    @Override public void attentionMix(Buf p, Buf v, long vo, int ld, int dh, BatchLayout l, Buf z) { time("attentionMix", () -> inner.attentionMix(p, v, vo, ld, dh, l, z)); }
    @Override public void axpy(float a, Buf x, Buf y, long n) { time("axpy", () -> inner.axpy(a, x, y, n)); }
    @Override public void sumHeads(Buf r, int rows, int h, int w, Buf o, boolean acc) { time("sumHeads", () -> inner.sumHeads(r, rows, h, w, o, acc)); }
    @Override public void patch(Buf d, Buf s, PatchSegments g, PatchMode m) { time("patch", () -> inner.patch(d, s, g, m)); }
    @Override public void scatterAddRows(Buf s, int w, IntBuf i, int c, Buf o) { time("scatterAddRows", () -> inner.scatterAddRows(s, w, i, c, o)); }
    @Override public void layerNormApplyBackward(Buf x, Buf s, Buf w, Buf dy, int r, int d, Buf dx, Buf ds) { time("layerNormApplyBackward", () -> inner.layerNormApplyBackward(x, s, w, dy, r, d, dx, ds)); }
    @Override public void layerNormScaleBackward(Buf x, Buf s, Buf ds, int r, int d, Buf dx) { time("layerNormScaleBackward", () -> inner.layerNormScaleBackward(x, s, ds, r, d, dx)); }
    @Override public void geluNewBackward(Buf x, Buf dy, Buf dx, long n) { time("geluNewBackward", () -> inner.geluNewBackward(x, dy, dx, n)); }
    @Override public void attentionMixBackward(Buf p, Buf v, long vo, int ld, Buf dz, int dh, BatchLayout l, Buf dp, Buf dv, long dvo) { time("attentionMixBackward", () -> inner.attentionMixBackward(p, v, vo, ld, dz, dh, l, dp, dv, dvo)); }
    @Override public void causalSoftmaxBackward(Buf p, Buf dp, BatchLayout l, Buf ds) { time("causalSoftmaxBackward", () -> inner.causalSoftmaxBackward(p, dp, l, ds)); }
    @Override public void attentionScoresBackward(Buf q, long qo, Buf k, long ko, int ld, int dh, BatchLayout l, Buf ds, Buf dq, long dqo, Buf dk, long dko) { time("attentionScoresBackward", () -> inner.attentionScoresBackward(q, qo, k, ko, ld, dh, l, ds, dq, dqo, dk, dko)); }
    @Override public void patchBackward(Buf g, PatchSegments s, PatchMode m) { time("patchBackward", () -> inner.patchBackward(g, s, m)); }
    @Override public void close() { inner.close(); }
}
