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
import io.circuitlens.kernels.cuda.CudaDriver.Dim3;
import io.circuitlens.kernels.cuda.CudaDriver.KernelFunction;
import io.circuitlens.kernels.cuda.CudaDriver.MemoryInfo;

/**
 * The CUDA backend: every {@link Kernels} method is a launch of one of our kernels ({@code kernels/*.cu}, launch
 * contracts in kernels/README.md) or a cuBLAS SGEMM, through a {@link CudaDriver}. Buffers are device memory from a
 * {@link DevicePool}; descriptions are prepared into device tables once per pass. What crosses to the host is what
 * the caller uploads and downloads plus the tables of prepared descriptions (lengths and a window's offsets,
 * segments, listed rows, answer tables): everything derived (layouts of rows copying cached prompts, but for a
 * window's first position per cached prompt; grid row maps, segment prefixes, reference softmaxes) is built on the
 * device. Argument checks that the CPU backend gets from Java's bounds checks are made here on the host, since a
 * kernel cannot throw.
 */
public final class CudaKernels implements Kernels {
    private final CudaDriver driver;
    private final CudaFunctions fn;
    private final DevicePool pool;

    /** A backend on the driver's device; it owns the driver from now on (closing the backend closes it). */
    public CudaKernels(CudaDriver driver) {
        this.driver = driver;
        try {
            this.fn = new CudaFunctions(driver);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
        this.pool = new DevicePool(driver, driver.memoryInfo().total() / 4);
    }

    @Override
    public String describe() {
        return driver.describe();
    }

    /** Device memory free for the engine (what the driver reports free plus what the pool holds for reuse), and total. */
    public MemoryInfo memoryInfo() {
        MemoryInfo m = driver.memoryInfo();
        return new MemoryInfo(m.free() + pool.held(), m.total());
    }

    // ---- memory ----

    @Override
    public Buf alloc(long n) {
        CudaBuf b = newBuf(n);
        if (n > 0) launch(fn.fill, Grids.elements(n), args().ptr(b.address()).i64(0).i64(n).f32(0f));
        return b;
    }

    private CudaBuf newBuf(long n) {
        if (n < 0) throw new IllegalArgumentException("buffer of " + n + " floats");
        return new CudaBuf(n == 0 ? 0 : pool.take(4 * n), n);
    }

    @Override
    public Buf upload(float[] host) {
        CudaBuf b = newBuf(host.length);
        if (host.length > 0) driver.upload(b.address(), host, 0, host.length);
        return b;
    }

    @Override
    public IntBuf uploadInts(int[] host) {
        long address = host.length == 0 ? 0 : pool.take(4L * host.length);
        if (host.length > 0) driver.upload(address, HostTable.of(host));
        return new CudaIntBuf(address, host.clone());
    }

    @Override
    public void download(Buf src, long srcOffset, float[] dst, int dstOffset, int n) {
        CudaBuf s = buf(src);
        range("download source", s, srcOffset, n);
        java.util.Objects.checkFromIndexSize(dstOffset, n, dst.length);
        if (n > 0) driver.download(s.at(srcOffset), dst, dstOffset, n);
    }

    @Override
    public void release(Buf buf) {
        CudaBuf b = buf(buf);
        if (b.released) return;
        b.released = true;
        if (b.size() > 0) pool.give(b.address, b.bytes());
    }

    @Override
    public void release(IntBuf buf) {
        CudaIntBuf b = (CudaIntBuf) buf;
        if (b.released) return;
        b.released = true;
        if (b.host.length > 0) pool.give(b.address, 4L * b.host.length);
    }

    @Override
    public void fill(Buf dst, long offset, long n, float value) {
        CudaBuf d = buf(dst);
        range("fill", d, offset, n);
        if (n > 0) launch(fn.fill, Grids.elements(n), args().ptr(d.address()).i64(offset).i64(n).f32(value));
    }

    @Override
    public void copy(Buf src, long srcOffset, Buf dst, long dstOffset, long n) {
        CudaBuf s = buf(src);
        CudaBuf d = buf(dst);
        range("copy source", s, srcOffset, n);
        range("copy destination", d, dstOffset, n);
        if (n == 0 || (s == d && srcOffset == dstOffset)) return;
        if (s == d && srcOffset < dstOffset + n && dstOffset < srcOffset + n) {
            // overlapping ranges: through a temporary, as System.arraycopy behaves
            long t = pool.take(4 * n);
            driver.copy(t, s.at(srcOffset), 4 * n);
            driver.copy(d.at(dstOffset), t, 4 * n);
            pool.give(t, 4 * n);
            return;
        }
        launch(fn.copy, Grids.elements(n), args().ptr(s.address()).i64(srcOffset).ptr(d.address()).i64(dstOffset).i64(n));
    }

    @Override
    public void copy2d(Buf src, long srcOffset, int srcLd, Buf dst, long dstOffset, int dstLd, int rows, int cols) {
        CudaBuf s = buf(src);
        CudaBuf d = buf(dst);
        matrix("copy2d source", s, srcOffset, srcLd, rows, cols);
        matrix("copy2d destination", d, dstOffset, dstLd, rows, cols);
        if ((long) rows * cols == 0) return;
        launch(fn.copy2d, Grids.elements((long) rows * cols),
                args().ptr(s.address()).i64(srcOffset).i32(srcLd).ptr(d.address()).i64(dstOffset).i32(dstLd).i32(rows).i32(cols));
    }

    // ---- descriptions prepared for the kernels ----

    @Override
    public Prepared<BatchLayout> prepare(BatchLayout layout) {
        DeviceLayout d = new DeviceLayout(layout, pool, 0);
        boolean windowed = layout.windowed();
        if (d.prompts > 0) {
            // len and offset are adjacent tables: one upload, the offsets only for a window
            HostTable t = new HostTable((windowed ? 8L : 4L) * d.prompts).ints(layout.lengths());
            if (windowed) t.ints(layout.offsets());
            driver.upload(d.len(), t.bytes());
        }
        long first = windowed ? d.offset() : 0;
        layoutTables(d, d.len(), first, 0, first, true);
        return d;
    }

    @Override
    public Prepared<BatchLayout> prepare(BatchLayout layout, Prepared<BatchLayout> prompts, Prepared<RowMap> rows) {
        DeviceLayout src = layout(prompts);
        DeviceRowMap map = rowMap(rows);
        RowMap m = map.host();
        if (m.rows() != layout.prompts()) {
            throw new IllegalArgumentException("layout of " + layout.prompts() + " rows for a map of " + m.rows());
        }
        checkPrompts(m, src.prompts, "layout");
        for (int r = 0; r < m.rows(); r++) checkEnd(layout, r, src.host(), m.prompt(r));
        // a window's first positions are the one thing the device cannot derive: one int per cached prompt
        WindowStarts w = layout.windowed() ? WindowStarts.of(layout, m, src.prompts) : null;
        boolean byRow = w != null && w.byRow();
        DeviceLayout d = new DeviceLayout(layout, pool, w == null || byRow ? 0 : w.table().length);
        long first = 0;
        if (w != null) {
            first = byRow ? d.offset() : d.firstPositions();
            driver.upload(first, HostTable.of(w.table()));
        }
        layoutTables(d, src.len(), src.offset(), map.prompt(), first, byRow);
        return d;
    }

    /** The layoutTables launch (kernels/rows.cu): d's tables from source lengths and offsets, a row map and first positions. */
    private void layoutTables(DeviceLayout d, long srcLen, long srcFirst, long map, long first, boolean firstByRow) {
        launch(fn.layoutTables, Grids.ONE, args().ptr(srcLen).ptr(srcFirst).ptr(map).ptr(first).i32(firstByRow).i32(d.prompts)
                .i32(d.host().nHeads()).ptr(d.len()).ptr(d.offset()).ptr(d.rowStart()).ptr(d.attnStart()).ptr(d.tileStart()));
    }

    @Override
    public Prepared<PatchSegments> prepare(PatchSegments segments) {
        DeviceSegments d = DeviceSegments.of(segments, pool);
        if (d.count == 0) return d;
        driver.upload(d.dstOffset(0), d.table());
        for (int j = 0; j < d.runs(); j++) {
            int first = d.runStart[j];
            launch(fn.segmentStarts, Grids.ONE, args().ptr(d.length(first)).i32(d.runStart[j + 1] - first).ptr(d.elemStart(j)));
        }
        return d;
    }

    @Override
    public Prepared<RowMap> prepare(RowMap rows) {
        DeviceRowMap d = new DeviceRowMap(rows, pool);
        if (d.rows == 0) return d;
        if (rows.isGrid()) {
            launch(fn.gridRows, Grids.elements(d.rows),
                    args().i32(rows.gridPrompts()).i64(rows.first()).i32(d.rows).ptr(d.prompt()).ptr(d.step()));
        } else {
            driver.upload(d.prompt(), HostTable.of(rows.prompts()));
            // a listed map's rows are all step 0; float 0 has the bits of int 0
            launch(fn.fill, Grids.elements(d.rows), args().ptr(d.step()).i64(0).i64(d.rows).f32(0f));
        }
        return d;
    }

    @Override
    public Prepared<MetricSpec> prepare(MetricSpec metric) {
        if (metric.reference() != null && !(metric.reference() instanceof CudaBuf)) {
            throw new IllegalArgumentException("the metric's reference logits live on another backend");
        }
        DeviceMetric d = new DeviceMetric(metric, pool);
        if (d.answers) {
            driver.upload(d.weights(), d.table());
        } else if (metric.prompts() > 0) {
            launch(fn.metricReference, Grids.rows(metric.prompts()),
                    args().ptr(d.reference).i32(metric.prompts()).i32(metric.vocab()).ptr(d.referenceStats()));
        }
        return d;
    }

    // ---- math ----

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Buf a, long aOffset, int lda, Buf b, long bOffset, int ldb,
                     Buf c, long cOffset, int ldc, Buf bias, long biasOffset, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return;
        CudaBuf cb = buf(c);
        matrix("gemm C", cb, cOffset, ldc, m, n);
        CudaBuf ab = k > 0 ? buf(a) : null;
        CudaBuf bb = k > 0 ? buf(b) : null;
        if (k > 0) {
            matrix("gemm A", ab, aOffset, lda, transA ? k : m, transA ? m : k);
            matrix("gemm B", bb, bOffset, ldb, transB ? n : k, transB ? k : n);
        }
        float beta = accumulate ? 1f : 0f;
        if (bias != null) {
            CudaBuf bi = buf(bias);
            range("gemm bias", bi, biasOffset, n);
            launch(fn.biasRows, Grids.elements((long) m * n), args().ptr(cb.address()).i64(cOffset).i32(ldc).i32(m).i32(n)
                    .ptr(bi.address()).i64(biasOffset).i32(accumulate));
            beta = 1f;
        }
        // row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, and a row-major matrix read column-major is
        // its transpose: so cuBLAS gets B first, A second, the dimensions n and m swapped and the same transpose flags.
        // With k = 0 neither is read (C = beta·C): give cuBLAS the smallest strides it accepts.
        if (k > 0) {
            driver.sgemm(transB, transA, n, m, k, 1f, bb.at(bOffset), ldb, ab.at(aOffset), lda, beta, cb.at(cOffset), ldc);
        } else {
            driver.sgemm(transB, transA, n, m, 0, 1f, 0, transB ? 1 : n, 0, transA ? m : 1, beta, cb.at(cOffset), ldc);
        }
    }

    @Override
    public void gatherRows(Buf table, int width, IntBuf index, int count, Buf out) {
        CudaBuf t = buf(table);
        CudaBuf o = buf(out);
        CudaIntBuf idx = (CudaIntBuf) index;
        if (width <= 0 || count == 0) return;
        idx.checkIndices(count, t.size() / width, "gatherRows");
        range("gatherRows output", o, 0, (long) count * width);
        launch(fn.gatherRows, Grids.elements((long) count * width),
                args().ptr(t.address()).i32(width).ptr(idx.address()).i32(count).ptr(o.address()));
    }

    @Override
    public void add(Buf a, Buf b, Buf out, long n) {
        elementwise(fn.add, a, b, out, n);
    }

    @Override
    public void mul(Buf a, Buf b, Buf out, long n) {
        elementwise(fn.mul, a, b, out, n);
    }

    private void elementwise(KernelFunction f, Buf a, Buf b, Buf out, long n) {
        CudaBuf x = buf(a);
        CudaBuf y = buf(b);
        CudaBuf o = buf(out);
        range(f.name(), x, 0, n);
        range(f.name(), y, 0, n);
        range(f.name() + " output", o, 0, n);
        if (n > 0) launch(f, Grids.elements(n), args().ptr(x.address()).ptr(y.address()).ptr(o.address()).i64(n));
    }

    @Override
    public void gatherLastRows(Buf x, int width, Prepared<BatchLayout> layout, Buf out) {
        lastRows(fn.gatherLastRows, x, width, layout, out);
    }

    @Override
    public void scatterAddLastRows(Buf src, int width, Prepared<BatchLayout> layout, Buf out) {
        lastRows(fn.scatterAddLastRows, src, width, layout, out);
    }

    /** gatherLastRows / scatterAddLastRows: the same parameters, [prompts, width] on one side, [rows, width] on the other. */
    private void lastRows(KernelFunction f, Buf in, int width, Prepared<BatchLayout> layout, Buf out) {
        DeviceLayout d = layout(layout);
        CudaBuf i = buf(in);
        CudaBuf o = buf(out);
        boolean gather = f == fn.gatherLastRows;
        long rows = (long) d.host().rows() * width;
        long prompts = (long) d.prompts * width;
        range(f.name() + " input", i, 0, gather ? rows : prompts);
        range(f.name() + " output", o, 0, gather ? prompts : rows);
        if (prompts == 0) return;
        launch(f, Grids.elements(prompts), args().ptr(i.address()).i32(width).ptr(d.len()).ptr(d.rowStart()).i32(d.prompts).ptr(o.address()));
    }

    @Override
    public void layerNormScale(Buf x, int rows, int d, float eps, Buf scale) {
        if (rows == 0) return;
        range("layerNormScale input", buf(x), 0, (long) rows * d);
        range("layerNormScale output", buf(scale), 0, rows);
        launch(fn.layerNormScale, Grids.layerNorm(rows), args().ptr(addr(x)).i32(rows).i32(d).f32(eps).ptr(addr(scale)));
    }

    @Override
    public void layerNormApply(Buf x, Buf scale, Buf w, Buf b, int rows, int d, Buf out) {
        if (rows == 0) return;
        range("layerNormApply input", buf(x), 0, (long) rows * d);
        range("layerNormApply output", buf(out), 0, (long) rows * d);
        launch(fn.layerNormApply, Grids.layerNorm(rows),
                args().ptr(addr(x)).ptr(addr(scale)).ptr(addr(w)).ptr(addr(b)).i32(rows).i32(d).ptr(addr(out)));
    }

    @Override
    public void geluNew(Buf x, Buf out, long n) {
        range("geluNew input", buf(x), 0, n);
        range("geluNew output", buf(out), 0, n);
        if (n > 0) launch(fn.geluNew, Grids.elements(n), args().ptr(addr(x)).ptr(addr(out)).i64(n));
    }

    @Override
    public void attentionScores(Buf q, long qOffset, Buf k, long kOffset, int ld, int dHead, Prepared<BatchLayout> layout, Buf scores) {
        DeviceLayout d = layout(layout);
        attention(fn.attentionScores, d, 1, args().ptr(addr(q)).i64(qOffset).ptr(addr(k)).i64(kOffset).i32(ld).i32(dHead),
                args -> args.ptr(attnOut(scores, d)));
    }

    @Override
    public void causalSoftmax(Buf scores, Prepared<BatchLayout> layout, Buf pattern) {
        DeviceLayout d = layout(layout);
        attention(fn.causalSoftmax, d, 1, args().ptr(attnOut(scores, d)), args -> args.ptr(attnOut(pattern, d)));
    }

    @Override
    public void attentionMix(Buf pattern, Buf v, long vOffset, int ldv, int dHead, Prepared<BatchLayout> layout, Buf z) {
        DeviceLayout d = layout(layout);
        attention(fn.attentionMix, d, Grids.headSlices(dHead), args().ptr(attnOut(pattern, d)).ptr(addr(v)).i64(vOffset).i32(ldv).i32(dHead),
                args -> args.ptr(heads("attentionMix z", z, 0, d.host().nHeads() * dHead, d, dHead)));
    }

    @Override
    public void axpy(float alpha, Buf x, Buf y, long n) {
        range("axpy x", buf(x), 0, n);
        range("axpy y", buf(y), 0, n);
        if (n > 0) launch(fn.axpy, Grids.elements(n), args().f32(alpha).ptr(addr(x)).ptr(addr(y)).i64(n));
    }

    @Override
    public void sumHeads(Buf result, int rows, int nHeads, int width, Buf out, boolean accumulate) {
        long n = (long) rows * width;
        range("sumHeads input", buf(result), 0, n * nHeads);
        range("sumHeads output", buf(out), 0, n);
        if (n > 0) {
            launch(fn.sumHeads, Grids.elements(n), args().ptr(addr(result)).i32(rows).i32(nHeads).i32(width).ptr(addr(out)).i32(accumulate));
        }
    }

    @Override
    public void patch(Buf dst, Buf src, Prepared<PatchSegments> segments, PatchMode mode) {
        DeviceSegments s = segments(segments);
        CudaBuf d = buf(dst);
        if (s.count == 0) return;
        range("patch destination", d, 0, s.dstEnd);
        boolean zero = mode == PatchMode.ZERO;
        CudaBuf from = zero ? null : buf(src);
        if (from != null) {
            range("patch source", from, 0, s.srcEnd);
            if (from == d && s.readsOtherWrites()) {
                throw new IllegalArgumentException("a patch from a buffer into itself reads elements another segment writes:"
                        + " the CUDA backend applies segments at once");
            }
        }
        for (int j = 0; j < s.runs(); j++) {
            if (s.runElements[j] == 0) continue;
            int first = s.runStart[j];
            launch(fn.patch, Grids.elements(s.runElements[j]), args().ptr(d.address()).ptr(zero ? 0 : from.address())
                    .ptr(s.dstOffset(first)).ptr(zero ? 0 : s.srcOffset(first)).ptr(s.elemStart(j)).ptr(s.alpha(first))
                    .i32(s.runStart[j + 1] - first).i32(mode.ordinal()));
        }
    }

    @Override
    public void interpolatePromptRows(Buf dst, long dstOffset, int dstLd, Prepared<BatchLayout> dstLayout, Buf from, Buf to,
                                      long srcOffset, int srcLd, Prepared<BatchLayout> srcLayout, Prepared<RowMap> rows, Buf alphas,
                                      int cols) {
        DeviceLayout dl = layout(dstLayout);
        DeviceLayout sl = layout(srcLayout);
        DeviceRowMap map = rowMap(rows);
        checkCopies(dl, sl, map, alphas);
        if (map.rows == 0 || cols == 0) return;
        matrix("interpolatePromptRows destination", buf(dst), dstOffset, dstLd, dl.host().rows(), cols);
        matrix("interpolatePromptRows target", buf(to), srcOffset, srcLd, sl.host().rows(), cols);
        if (from != null) matrix("interpolatePromptRows start", buf(from), srcOffset, srcLd, sl.host().rows(), cols);
        long maxLen = dl.host().maxLength();
        launch(fn.interpolatePromptRows, Grids.promptRows(map.rows, maxLen * cols), args().ptr(addr(dst)).i64(dstOffset).i32(dstLd)
                .ptr(dl.len()).ptr(dl.offset()).ptr(dl.rowStart()).ptr(addrOrNull(from)).ptr(addr(to)).i64(srcOffset).i32(srcLd)
                .ptr(sl.offset()).ptr(sl.rowStart()).ptr(map.prompt()).ptr(map.step()).ptr(addrOrNull(alphas)).i32(map.rows).i32(cols));
    }

    @Override
    public void interpolatePromptBlocks(Buf dst, Prepared<BatchLayout> dstLayout, Buf from, Buf to, Prepared<BatchLayout> srcLayout,
                                        Prepared<RowMap> rows, Buf alphas, int headFirst, int heads) {
        DeviceLayout dl = layout(dstLayout);
        DeviceLayout sl = layout(srcLayout);
        DeviceRowMap map = rowMap(rows);
        checkCopies(dl, sl, map, alphas);
        RowMap m = map.host();
        for (int r = 0; r < m.rows(); r++) {
            if (dl.host().offset(r) != 0 || sl.host().offset(m.prompt(r)) != 0) {
                throw new IllegalArgumentException("row " + r + " (prompt " + m.prompt(r) + "): attention blocks of a window");
            }
        }
        if (map.rows == 0 || heads == 0) return;
        range("interpolatePromptBlocks destination", buf(dst), 0, dl.host().attnSize());
        range("interpolatePromptBlocks target", buf(to), 0, sl.host().attnSize());
        if (from != null) range("interpolatePromptBlocks start", buf(from), 0, sl.host().attnSize());
        long maxLen = dl.host().maxLength();
        launch(fn.interpolatePromptBlocks, Grids.promptRows(map.rows, heads * maxLen * maxLen), args().ptr(addr(dst)).ptr(dl.len())
                .ptr(dl.attnStart()).ptr(addrOrNull(from)).ptr(addr(to)).ptr(sl.attnStart()).ptr(map.prompt()).ptr(map.step())
                .ptr(addrOrNull(alphas)).i32(map.rows).i32(headFirst).i32(heads));
    }

    /** Row i of the pass copies prompt rows.prompt(i) of the cache: the same end, and a step the alphas cover. */
    private static void checkCopies(DeviceLayout dst, DeviceLayout src, DeviceRowMap map, Buf alphas) {
        RowMap m = map.host();
        if (m.rows() > dst.prompts) throw new IllegalArgumentException(m.rows() + " rows but the pass layout has " + dst.prompts);
        checkPrompts(m, src.prompts, "cache");
        for (int r = 0; r < m.rows(); r++) checkEnd(dst.host(), r, src.host(), m.prompt(r));
        if (alphas != null && m.rows() > 0 && map.maxStep >= alphas.size()) {
            throw new IllegalArgumentException("rows reach step " + map.maxStep + " but there are " + alphas.size() + " alphas");
        }
    }

    /** Row r of {@code rows} and prompt p of {@code prompts} must end at the same position (either may be a window). */
    private static void checkEnd(BatchLayout rows, int r, BatchLayout prompts, int p) {
        if (rows.end(r) != prompts.end(p)) {
            throw new IllegalArgumentException("row " + r + " has " + rows.end(r) + " tokens but prompt " + p + " has " + prompts.end(p));
        }
    }

    private static void checkPrompts(RowMap m, int prompts, String what) {
        if (m.maxPrompt() >= prompts) throw new IllegalArgumentException("rows copy prompt " + m.maxPrompt() + " of a " + what + " of " + prompts);
    }

    @Override
    public void metric(Prepared<MetricSpec> metric, Buf logits, Prepared<RowMap> rows, Buf values, Buf dLogits) {
        if (!(metric instanceof DeviceMetric m)) throw new IllegalArgumentException("metric prepared by another backend");
        DeviceRowMap map = rowMap(rows);
        MetricSpec spec = m.host();
        int n = map.rows;
        if (n == 0) return;
        checkPrompts(map.host(), spec.prompts(), "metric");
        long z = (long) n * spec.vocab();
        range("metric logits", buf(logits), 0, z);
        range("metric values", buf(values), 0, n);
        if (dLogits != null) range("metric dLogits", buf(dLogits), 0, z);
        launch(fn.metric, Grids.rows(n), args().i32(spec.kind().ordinal()).ptr(addr(logits)).i32(n).i32(spec.vocab()).ptr(map.prompt())
                .ptr(m.start()).ptr(m.ids()).ptr(m.weights()).ptr(m.reference).ptr(m.referenceStats()).ptr(addr(values))
                .ptr(addrOrNull(dLogits)));
    }

    @Override
    public void groupedDot(UnitGrouping g, Buf a, long aOffset, int aLd, Prepared<BatchLayout> aLayout, Buf to, Buf from, long bOffset,
                           int bLd, Prepared<BatchLayout> bLayout, Prepared<RowMap> rows, Buf out) {
        DeviceLayout al = layout(aLayout);
        DeviceRowMap map = rowMap(rows);
        RowMap m = map.host();
        if (to == null && from != null) throw new IllegalArgumentException("groupedDot: from without to");
        DeviceLayout bl = to == null ? null : layout(bLayout);
        if (m.rows() > al.prompts) throw new IllegalArgumentException(m.rows() + " rows but the layout has " + al.prompts);
        if (bl != null) checkPrompts(m, bl.prompts, "cache");
        BatchLayout aLay = al.host();
        for (int r = 0; r < m.rows(); r++) {
            if (bl != null) {
                int p = m.prompt(r);
                checkEnd(aLay, r, bl.host(), p);
                if (bl.host().offset(p) > aLay.offset(r)) throw new IllegalArgumentException("prompt " + p + " lacks positions of row " + r);
            }
            if (g.attention() && aLay.offset(r) != 0) throw new IllegalArgumentException("row " + r + ": attention blocks of a window");
            if (g.perPosition() && aLay.end(r) > g.positions()) {
                throw new IllegalArgumentException("row " + r + " has " + aLay.end(r) + " positions but the units hold " + g.positions());
            }
        }
        long total = (long) m.rows() * g.unitsPerRow();
        range("groupedDot output", buf(out), 0, total);
        operand("groupedDot a", a, aOffset, aLd, al.host(), g);
        if (to != null) operand("groupedDot to", to, bOffset, bLd, bl.host(), g);
        if (from != null) operand("groupedDot from", from, bOffset, bLd, bl.host(), g);
        if (total == 0) return;
        launch(fn.groupedDot, Grids.elements(total), args().i32(g.attention()).i32(g.cols()).i32(g.groups()).i32(g.perPosition())
                .i32(g.positions()).ptr(addr(a)).i64(aOffset).i32(aLd).ptr(al.len()).ptr(al.offset()).ptr(al.rowStart())
                .ptr(al.attnStart()).ptr(addrOrNull(to)).ptr(addrOrNull(from)).i64(bOffset).i32(bLd).ptr(bl == null ? 0 : bl.offset())
                .ptr(bl == null ? 0 : bl.rowStart()).ptr(bl == null ? 0 : bl.attnStart()).ptr(bl == null ? 0 : map.prompt()).i32(m.rows())
                .ptr(addr(out)));
    }

    // ---- backward ----

    @Override
    public void scatterAddRows(Buf src, int width, IntBuf index, int count, Buf out) {
        CudaBuf o = buf(out);
        CudaIntBuf idx = (CudaIntBuf) index;
        if (width <= 0 || count == 0) return;
        idx.checkIndices(count, o.size() / width, "scatterAddRows");
        range("scatterAddRows source", buf(src), 0, (long) count * width);
        // destination rows are dealt to grid.y slices by index % slices: repeated rows are added by one thread, in order
        Dim3 grid = new Dim3((width + 255) / 256, Math.min(count, 64), 1);
        launch(fn.scatterAddRows, grid, args().ptr(addr(src)).i32(width).ptr(idx.address()).i32(count).ptr(o.address()));
    }

    @Override
    public void layerNormApplyBackward(Buf x, Buf scale, Buf w, Buf dOut, int rows, int d, Buf dX, Buf dScale) {
        if (rows == 0) return;
        range("layerNormApplyBackward dX", buf(dX), 0, (long) rows * d);
        range("layerNormApplyBackward dScale", buf(dScale), 0, rows);
        launch(fn.layerNormApplyBackward, Grids.layerNorm(rows), args().ptr(addr(x)).ptr(addr(scale)).ptr(addr(w)).ptr(addr(dOut))
                .i32(rows).i32(d).ptr(addr(dX)).ptr(addr(dScale)));
    }

    @Override
    public void layerNormScaleBackward(Buf x, Buf scale, Buf dScale, int rows, int d, Buf dX) {
        if (rows == 0) return;
        range("layerNormScaleBackward dX", buf(dX), 0, (long) rows * d);
        launch(fn.layerNormScaleBackward, Grids.layerNorm(rows),
                args().ptr(addr(x)).ptr(addr(scale)).ptr(addr(dScale)).i32(rows).i32(d).ptr(addr(dX)));
    }

    @Override
    public void geluNewBackward(Buf x, Buf dOut, Buf dX, long n) {
        range("geluNewBackward dX", buf(dX), 0, n);
        if (n > 0) launch(fn.geluNewBackward, Grids.elements(n), args().ptr(addr(x)).ptr(addr(dOut)).ptr(addr(dX)).i64(n));
    }

    @Override
    public void attentionMixBackward(Buf pattern, Buf v, long vOffset, int ldv, Buf dZ, int dHead, Prepared<BatchLayout> layout,
                                     Buf dPattern, Buf dV, long dvOffset) {
        DeviceLayout d = layout(layout);
        attention(fn.attentionMixBackwardPattern, d, 1, args().ptr(addr(v)).i64(vOffset).i32(ldv).ptr(addr(dZ)).i32(dHead),
                args -> args.ptr(attnOut(dPattern, d)));
        attention(fn.attentionMixBackwardValue, d, Grids.headSlices(dHead), args().ptr(attnOut(pattern, d)).ptr(addr(dZ)).i32(dHead),
                args -> args.ptr(heads("attentionMixBackward dV", dV, dvOffset, ldv, d, dHead)).i64(dvOffset).i32(ldv));
    }

    @Override
    public void causalSoftmaxBackward(Buf pattern, Buf dPattern, Prepared<BatchLayout> layout, Buf dScores) {
        DeviceLayout d = layout(layout);
        attention(fn.causalSoftmaxBackward, d, 1, args().ptr(attnOut(pattern, d)).ptr(attnOut(dPattern, d)),
                args -> args.ptr(attnOut(dScores, d)));
    }

    @Override
    public void attentionScoresBackward(Buf q, long qOffset, Buf k, long kOffset, int ld, int dHead, Prepared<BatchLayout> layout,
                                        Buf dScores, Buf dQ, long dqOffset, Buf dK, long dkOffset) {
        DeviceLayout d = layout(layout);
        int z = Grids.headSlices(dHead);
        attention(fn.attentionScoresBackwardQuery, d, z, args().ptr(addr(k)).i64(kOffset).i32(ld).i32(dHead).ptr(attnOut(dScores, d)),
                args -> args.ptr(heads("attentionScoresBackward dQ", dQ, dqOffset, ld, d, dHead)).i64(dqOffset));
        attention(fn.attentionScoresBackwardKey, d, z, args().ptr(addr(q)).i64(qOffset).i32(ld).i32(dHead).ptr(attnOut(dScores, d)),
                args -> args.ptr(heads("attentionScoresBackward dK", dK, dkOffset, ld, d, dHead)).i64(dkOffset));
    }

    @Override
    public void patchBackward(Buf grad, Prepared<PatchSegments> segments, PatchMode mode) {
        DeviceSegments s = segments(segments);
        if (mode == PatchMode.ADD || s.count == 0) return; // the added value does not depend on the base activation
        CudaBuf g = buf(grad);
        range("patchBackward gradient", g, 0, s.dstEnd);
        for (int j = 0; j < s.runs(); j++) {
            if (s.runElements[j] == 0) continue;
            int first = s.runStart[j];
            launch(fn.patchBackward, Grids.elements(s.runElements[j]), args().ptr(g.address()).ptr(s.dstOffset(first))
                    .ptr(s.elemStart(j)).ptr(s.alpha(first)).i32(s.runStart[j + 1] - first).i32(mode.ordinal()));
        }
    }

    /** Frees all device memory of this backend (buffers not yet released included) and closes the driver. */
    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            driver.close();
        }
    }

    // ---- launching ----

    private static KernelArgs args() {
        return new KernelArgs();
    }

    private void launch(KernelFunction f, Dim3 grid, KernelArgs args) {
        driver.launch(f, grid, Grids.BLOCK, args);
    }

    /** Parameters the attention kernels share after their own: the layout tables and the prompt count. */
    @FunctionalInterface
    private interface Tail {
        void add(KernelArgs args);
    }

    /** An attention launch: head parameters, the layout's tables, then the kernel's outputs (kernels/attention.cu). */
    private void attention(KernelFunction f, DeviceLayout d, int z, KernelArgs head, Tail outputs) {
        if (d.tiles == 0) return;
        head.ptr(d.len()).ptr(d.rowStart()).ptr(d.attnStart()).ptr(d.tileStart()).i32(d.prompts);
        outputs.add(head);
        launch(f, Grids.attention(d.tiles, d.host().nHeads(), z), head);
    }

    // ---- checks ----

    private static CudaBuf buf(Buf b) {
        if (b instanceof CudaBuf c) return c;
        throw new IllegalArgumentException("buffer of another backend: " + (b == null ? "null" : b.getClass().getSimpleName()));
    }

    private static long addr(Buf b) {
        return buf(b).address();
    }

    private static long addrOrNull(Buf b) {
        return b == null ? 0 : addr(b);
    }

    /** An attention-shaped buffer of the layout ([nHeads, len, len] blocks of every prompt). */
    private static long attnOut(Buf b, DeviceLayout d) {
        CudaBuf c = buf(b);
        range("attention block buffer", c, 0, d.host().attnSize());
        return c.address();
    }

    /** A [rows, nHeads·dHead] (offset, ld) view that an attention kernel writes: it must lie in the buffer. */
    private static long heads(String what, Buf b, long offset, int ld, DeviceLayout d, int dHead) {
        CudaBuf c = buf(b);
        matrix(what, c, offset, ld, d.host().rows(), d.host().nHeads() * dHead);
        return c.address();
    }

    private static DeviceLayout layout(Prepared<BatchLayout> p) {
        if (p instanceof DeviceLayout d) return d;
        throw new IllegalArgumentException("layout prepared by another backend");
    }

    private static DeviceRowMap rowMap(Prepared<RowMap> p) {
        if (p instanceof DeviceRowMap d) return d;
        throw new IllegalArgumentException("row map prepared by another backend");
    }

    private static DeviceSegments segments(Prepared<PatchSegments> p) {
        if (p instanceof DeviceSegments d) return d;
        throw new IllegalArgumentException("patch segments prepared by another backend");
    }

    /** Elements [offset, offset + n) must lie in the buffer (the CPU backend gets this from Java's array checks). */
    private static void range(String what, CudaBuf b, long offset, long n) {
        if (offset < 0 || n < 0 || offset + n > b.size()) {
            throw new IndexOutOfBoundsException(what + ": elements [" + offset + ", " + (offset + n) + ") of a buffer of " + b.size());
        }
    }

    /** A groupedDot operand: [rows, cols] (offset, ld) view of a row-shaped hook, or the attention blocks of its layout. */
    private static void operand(String what, Buf b, long offset, int ld, BatchLayout lay, UnitGrouping g) {
        if (g.attention()) range(what, buf(b), offset, lay.attnSize());
        else matrix(what, buf(b), offset, ld, lay.rows(), g.cols());
    }

    /** A rows × cols matrix with row stride ld at element offset must lie in the buffer. */
    private static void matrix(String what, CudaBuf b, long offset, int ld, int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(what + ": " + rows + " × " + cols);
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException(what + ": row stride " + ld + " < " + cols + " columns");
        range(what, b, offset, (long) (rows - 1) * ld + cols);
    }
}
