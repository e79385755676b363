package io.circuitlens.kernels;

/**
 * The fixed list of kernels the GPT-2 graph is written in (llm.c style): the model is a straight sequence of calls
 * to these methods, so a backend (pure-Java CPU, CUDA) only has to implement this interface. Matrices are row-major
 * with an explicit leading dimension ({@code ld}) so that views such as the q, k and v column blocks of the fused
 * qkv activation need no copies. Offsets and sizes are in float elements.
 *
 * <p>Data stays on the backend: the batch layout, patch segments, row maps and metric targets are {@link Prepared}
 * once per pass (or run) and then used by every kernel; only small results ([rows] metric values, [rows, units]
 * scores) are meant to be downloaded.
 */
public interface Kernels extends AutoCloseable {

    /** Human-readable description of the backend and the GEMM path it uses (shown by the CLI). */
    String describe();

    // ---- memory ----

    /** New zero-filled buffer. */
    Buf alloc(long n);

    Buf upload(float[] host);

    IntBuf uploadInts(int[] host);

    void download(Buf src, long srcOffset, float[] dst, int dstOffset, int n);

    /** Frees device memory now (the CPU backend leaves it to the garbage collector). */
    void release(Buf buf);

    void release(IntBuf buf);

    void fill(Buf dst, long offset, long n, float value);

    /** dst[dstOffset ..+ n) = src[srcOffset ..+ n). */
    void copy(Buf src, long srcOffset, Buf dst, long dstOffset, long n);

    /** dst[r, c] = src[r, c] for a rows × cols block of two strided matrices. */
    void copy2d(Buf src, long srcOffset, int srcLd, Buf dst, long dstOffset, int dstLd, int rows, int cols);

    // ---- descriptions prepared for the kernels ----

    /** Uploads a batch layout's tables (lengths, row starts, attention block starts). */
    Prepared<BatchLayout> prepare(BatchLayout layout);

    /**
     * The layout of a batch whose row i is a copy of prompt {@code rows.prompt(i)} of {@code prompts}, built on the
     * backend from the two (nothing crosses to the device); {@code layout} is the same layout computed on the host.
     * When {@code layout} is a window (rows from a position on), its offsets are taken from the host layout.
     */
    Prepared<BatchLayout> prepare(BatchLayout layout, Prepared<BatchLayout> prompts, Prepared<RowMap> rows);

    Prepared<PatchSegments> prepare(PatchSegments segments);

    /** A listed map uploads one int per row; a grid slice is derived on the backend. */
    Prepared<RowMap> prepare(RowMap rows);

    /** Uploads the metric's answer tables (a KL metric's reference logits already live on the backend). */
    Prepared<MetricSpec> prepare(MetricSpec metric);

    // ---- math ----

    /**
     * C = (accumulate ? C : 0) + op(A)·op(B) + bias (broadcast over rows; bias may be null). op(A) is m × k, stored
     * m × k (or k × m when transA); op(B) is k × n, stored k × n (or n × k when transB).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              Buf a, long aOffset, int lda, Buf b, long bOffset, int ldb,
              Buf c, long cOffset, int ldc, Buf bias, long biasOffset, boolean accumulate);

    /** out[r, :] = table[index[r], :] for r < count; out is count × width. */
    void gatherRows(Buf table, int width, IntBuf index, int count, Buf out);

    /** out = a + b elementwise over n elements; out may alias a or b. */
    void add(Buf a, Buf b, Buf out, long n);

    /** out = a ⊙ b elementwise over n elements; out may alias a or b. */
    void mul(Buf a, Buf b, Buf out, long n);

    /** out[p, :] = x[lastRow(p), :] for every prompt p of the layout: the rows next-token logits are read at. */
    void gatherLastRows(Buf x, int width, Prepared<BatchLayout> layout, Buf out);

    /** scale[r] = sqrt(var(x[r, :]) + eps), the TransformerLens {@code hook_scale}. */
    void layerNormScale(Buf x, int rows, int d, float eps, Buf scale);

    /** out[r, :] = (x[r, :] − mean(x[r, :])) / scale[r] · w + b, the TransformerLens {@code hook_normalized}. */
    void layerNormApply(Buf x, Buf scale, Buf w, Buf b, int rows, int d, Buf out);

    /** out = gelu_new(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) over n elements; out may alias x. */
    void geluNew(Buf x, Buf out, long n);

    /**
     * Causal attention scores q·kᵀ/√dHead per prompt and head into the [nHeads, len, len] blocks of
     * {@code scores}; keys after the query are −∞ (as TransformerLens' {@code hook_attn_scores}). Head h of row r
     * reads q[qOffset + r·ld + h·dHead ..] and k likewise.
     */
    void attentionScores(Buf q, long qOffset, Buf k, long kOffset, int ld, int dHead, Prepared<BatchLayout> layout, Buf scores);

    /** Row softmax of the scores over keys ≤ query; masked entries become 0 (rows that are all −∞ become 0). */
    void causalSoftmax(Buf scores, Prepared<BatchLayout> layout, Buf pattern);

    /** z[r, h, :] = Σ_j pattern[h, r, j] · v[j, h, :] per prompt; z is rows × (nHeads·dHead) with that stride. */
    void attentionMix(Buf pattern, Buf v, long vOffset, int ldv, int dHead, Prepared<BatchLayout> layout, Buf z);

    /** y += alpha · x over n elements. */
    void axpy(float alpha, Buf x, Buf y, long n);

    /**
     * out[r, :] = (accumulate ? out[r, :] : 0) + Σ_h result[r, h, :], with result rows × nHeads × width (per-head
     * attention outputs).
     */
    void sumHeads(Buf result, int rows, int nHeads, int width, Buf out, boolean accumulate);

    /** Applies compiled patch segments to dst, reading src (ignored for {@link PatchMode#ZERO}). */
    void patch(Buf dst, Buf src, Prepared<PatchSegments> segments, PatchMode mode);

    /**
     * For every batch row i (a copy of prompt p = rows.prompt(i)) and position t: dst row = to[p, t] when {@code from}
     * is null, else from[p, t] + α·(to[p, t] − from[p, t]) with α = alphas[rows.step(i)], exact at α = 1 and where the
     * two are equal (as a {@link PatchMode#BLEND} patch). Each side is a [rows, cols] view (offset, leading dimension)
     * of a batch with its own layout: {@code dst} of this pass, {@code from}/{@code to} of the cached prompts. This
     * loads a pass's starting residual stream and builds every integrated-gradients step of a layer in one call.
     * Either layout may be a window ({@link BatchLayout#offset}): row i and prompt p must end at the same position,
     * and the positions both hold are copied (a window's rows from a whole prompt, a whole prompt's rows from a
     * window, or a narrower window from a wider one).
     */
    void interpolatePromptRows(Buf dst, long dstOffset, int dstLd, Prepared<BatchLayout> dstLayout,
                               Buf from, Buf to, long srcOffset, int srcLd, Prepared<BatchLayout> srcLayout,
                               Prepared<RowMap> rows, Buf alphas, int cols);

    /**
     * {@link #interpolatePromptRows} for attention hooks: heads [headFirst, headFirst + heads) of each row's block
     * (whole prompts only: window layouts have no attention blocks of their own).
     */
    void interpolatePromptBlocks(Buf dst, Prepared<BatchLayout> dstLayout, Buf from, Buf to, Prepared<BatchLayout> srcLayout,
                                 Prepared<RowMap> rows, Buf alphas, int headFirst, int heads);

    /**
     * values[i] = metric of row i (logits [rows, vocab], one row per batch row, at its last real token) against the
     * targets of prompt rows.prompt(i); when dLogits is not null it receives d values[i] / d logits (every entry).
     */
    void metric(Prepared<MetricSpec> metric, Buf logits, Prepared<RowMap> rows, Buf values, Buf dLogits);

    /**
     * out[i, u] = Σ over the elements e of unit u in batch row i of a[e]·(to[e'] − from[e']), where e' is the same
     * element of prompt rows.prompt(i) in the cached batch ({@code bLayout}); equal to/from values count 0 (two masked
     * −∞ scores). With {@code from} null the factor is to[e']; with {@code to} null too, a[e] alone is summed. Sums
     * run in double; out is [rows, grouping.unitsPerRow()], overwritten. Row-shaped operands are (offset, ld) views.
     * This turns a gradient and a patch's delta into per-component scores without leaving the backend. {@code aLayout}
     * may be a window (a gradient of a pass that recomputed positions from offset(i) on): row i's j-th row is position
     * offset(i) + j of prompt p, with per-position units numbered by position; attention groupings need whole prompts.
     */
    void groupedDot(UnitGrouping grouping, Buf a, long aOffset, int aLd, Prepared<BatchLayout> aLayout,
                    Buf to, Buf from, long bOffset, int bLd, Prepared<BatchLayout> bLayout, Prepared<RowMap> rows, Buf out);

    // ---- backward (activation gradients only; each is the twin of a forward kernel above) ----

    /** out[index[r], :] += src[r, :] for r < count (the twin of {@link #gatherRows}). */
    void scatterAddRows(Buf src, int width, IntBuf index, int count, Buf out);

    /** out[lastRow(p), :] += src[p, :] for every prompt p (the twin of {@link #gatherLastRows}). */
    void scatterAddLastRows(Buf src, int width, Prepared<BatchLayout> layout, Buf out);

    /**
     * Backward of {@link #layerNormApply} with the scale held fixed: dX += (g − mean(g)) / scale with g = dOut·w, and
     * dScale[r] = −Σ_j g_j·x̂_j / scale[r] (x̂ = (x − mean)/scale). The path through the scale is
     * {@link #layerNormScaleBackward}, so a patched (frozen) scale simply skips it.
     */
    void layerNormApplyBackward(Buf x, Buf scale, Buf w, Buf dOut, int rows, int d, Buf dX, Buf dScale);

    /** Backward of {@link #layerNormScale}: dX += dScale · x̂ / d. */
    void layerNormScaleBackward(Buf x, Buf scale, Buf dScale, int rows, int d, Buf dX);

    /** dX = dOut · gelu_new'(x) over n elements. */
    void geluNewBackward(Buf x, Buf dOut, Buf dX, long n);

    /**
     * Backward of {@link #attentionMix}: dPattern = dZ_h·v_hᵀ (the full block: the mix reads entries above the
     * diagonal too, which matters when they are patched) and dV_h = pattern_hᵀ·dZ_h per prompt and head; both
     * overwritten. dV has the layout of v (offset, stride ldv).
     */
    void attentionMixBackward(Buf pattern, Buf v, long vOffset, int ldv, Buf dZ, int dHead, Prepared<BatchLayout> layout,
                              Buf dPattern, Buf dV, long dvOffset);

    /** Backward of {@link #causalSoftmax}: dScores = pattern ⊙ (dPattern − rowsum(pattern ⊙ dPattern)); 0 where masked. */
    void causalSoftmaxBackward(Buf pattern, Buf dPattern, Prepared<BatchLayout> layout, Buf dScores);

    /**
     * Backward of {@link #attentionScores}: dQ_h = dS·k_h/√dHead and dK_h = dSᵀ·q_h/√dHead, overwritten; dQ and dK
     * have the layouts of q and k (offsets, common stride ld).
     */
    void attentionScoresBackward(Buf q, long qOffset, Buf k, long kOffset, int ld, int dHead, Prepared<BatchLayout> layout,
                                 Buf dScores, Buf dQ, long dqOffset, Buf dK, long dkOffset);

    /**
     * Backward of {@link #patch} through the patched segments (gradient w.r.t. the value before the patch):
     * BLEND scales by (1 − alpha), ZERO sets 0, ADD leaves the gradient as it is.
     */
    void patchBackward(Buf grad, Prepared<PatchSegments> segments, PatchMode mode);

    @Override
    void close();
}
