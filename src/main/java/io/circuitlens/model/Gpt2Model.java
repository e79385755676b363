package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.IntBuf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.RowMap;

import java.nio.file.Path;
import java.util.List;

import static io.circuitlens.model.HookType.*;

/**
 * GPT-2 as one straight sequence of kernel calls (as llm.c writes it), with every TransformerLens hook point
 * observable and patchable. The same code runs on any {@link Kernels} backend.
 */
public final class Gpt2Model implements AutoCloseable {
    private final Gpt2Config cfg;
    private final Gpt2Weights weights;
    private final Kernels k;

    public Gpt2Model(Gpt2Config cfg, Gpt2Weights weights, Kernels kernels) {
        this.cfg = cfg;
        this.weights = weights;
        this.k = kernels;
    }

    /** Loads {@code config.json} and {@code model.safetensors} from a Hugging Face model folder. */
    public static Gpt2Model load(Path folder, Kernels kernels) {
        Gpt2Config cfg = Gpt2Config.read(folder.resolve("config.json"));
        return new Gpt2Model(cfg, Gpt2Weights.load(folder.resolve("model.safetensors"), cfg, kernels), kernels);
    }

    public Gpt2Config config() {
        return cfg;
    }

    public Kernels kernels() {
        return k;
    }

    /** Runs a batch of prompts from the embeddings; see {@link ForwardOptions} for caching, patching, logits and taping. */
    public ForwardResult forward(Batch batch, ForwardOptions opt) {
        return forward(batch, RowMap.identity(batch.size()), opt);
    }

    /**
     * Runs some prompts of a batch from the embeddings: row i is prompt rows.prompt(i) (so caches and gradients of the
     * pass know which prompt each row is, e.g. to pair it with another run's activations of that prompt).
     */
    public ForwardResult forward(Batch batch, RowMap rows, ForwardOptions opt) {
        checkBatch(batch);
        if (opt.unchangedBefore() != null) throw new IllegalArgumentException("reusing a prefix needs a cached run: use forwardFrom");
        if (rows.rows() == 0) throw new CircuitLensException("empty batch: no prompts to run");
        if (rows.maxPrompt() >= batch.size()) {
            throw new CircuitLensException("row of prompt " + rows.maxPrompt() + " but the batch has " + batch.size() + " prompts");
        }
        int[][] tokens = new int[rows.rows()][];
        for (int r = 0; r < tokens.length; r++) tokens[r] = batch.tokens()[rows.prompt(r)];
        Batch selected = new Batch(tokens);
        PassLayout pass = PassLayout.of(k, BatchLayout.of(selected.lengths(), cfg.nHeads()), rows);
        try {
            return run(selected, null, pass, opt);
        } finally {
            pass.release();
        }
    }

    /**
     * Runs rows that continue prompts of a cached run from a start point (see {@link StartPoint}); the batch is built
     * on the backend from the cache, so only the rows' map crosses to it. Patches may not lie before the start.
     */
    public ForwardResult forwardFrom(StartPoint start, ForwardOptions opt) {
        start.check(cfg);
        for (HookName h : opt.patches().hooks()) {
            if (isUpstream(h, start)) throw new CircuitLensException("patch at " + h + " lies before the start point " + start.hook());
        }
        int[] unchanged = opt.unchangedBefore();
        if (unchanged != null && unchanged.length != start.source().prompts()) {
            throw new IllegalArgumentException(unchanged.length + " prefix positions for " + start.source().prompts() + " cached prompts");
        }
        PassLayout pass = PassLayout.of(k, start.source().passLayout(), start.rows(), cfg.nHeads(), unchanged);
        try {
            if (pass.host.windowed()) checkPrefixKeysAndValues(start);
            return run(null, start, pass, opt);
        } finally {
            pass.release();
        }
    }

    /** The keys and values of the layers a window pass runs attention in, which its prefix reads from the cache. */
    private void checkPrefixKeysAndValues(StartPoint start) {
        int first = start.at() == RESID_PRE ? start.layer() : start.layer() + 1;
        for (int l = first; l < cfg.nLayers(); l++) {
            for (HookName h : List.of(HookName.of(l, K), HookName.of(l, V))) {
                if (!start.source().contains(h)) throw new CircuitLensException("reusing a prefix: " + h + " is not in the cache");
            }
        }
    }

    private ForwardResult run(Batch batch, StartPoint start, PassLayout pass, ForwardOptions opt) {
        int d = cfg.dModel();
        PassWindows win = PassWindows.of(k, pass, start == null ? null : start.source().passLayout(), opt.metricRowsOnly());
        ForwardTape tape = null;
        HookRuntime hooks = null;
        boolean done = false;
        try (Scratch s = new Scratch(k, cfg, pass.host, win.full.host)) {
            hooks = new HookRuntime(k, cfg, win, opt.cache(), opt.patches());
            tape = opt.tape() ? new ForwardTape(k, cfg.nLayers(), start, win) : null;
            int first = 0;
            if (start == null) {
                embed(batch, pass.host, s, hooks);
            } else {
                // a pass that starts after the last layer's attention mix holds the metric rows from the start
                if (start.at() != RESID_PRE && win.shrinksIn(start.layer(), cfg.nLayers())) win.dropToLastRows();
                load(start, win.now(), s);
                first = start.layer();
            }
            for (int l = first; l < cfg.nLayers(); l++) {
                block(l, weights.layers().get(l), win, start == null ? null : start.source(), s, hooks, tape,
                        start != null && l == first ? start.at() : RESID_PRE);
            }
            PassLayout lay = win.now();
            int rows = lay.host.rows();
            Buf scale = tape == null ? s.scale : tape.own(k.alloc(rows));
            k.layerNormScale(s.resid, rows, d, (float) cfg.layerNormEps(), scale);
            hooks.at(HookName.of(LN_FINAL_SCALE), HookView.dense(scale, 1));
            k.layerNormApply(s.resid, scale, weights.lnFinalW(), weights.lnFinalB(), rows, d, s.ln);
            hooks.at(HookName.of(LN_FINAL_NORMALIZED), HookView.dense(s.ln, d));
            if (tape != null) {
                tape.residFinal = tape.own(copy(s.resid, (long) rows * d));
                tape.scaleFinal = scale;
                for (HookName h : opt.patches().hooks()) tape.patches.put(h, hooks.applied(h));
                tape.keep(hooks.handOverSegments());
            }
            Buf logits = unembed(s.ln, lay, opt, tape);
            int width = opt.columns() == null ? cfg.dVocab() : opt.columns().length;
            ForwardResult out = new ForwardResult(k, pass, opt.logits(), logits, width, hooks.cache(), tape);
            done = true;
            return out;
        } finally {
            if (hooks != null) {
                if (!done) hooks.cache().close(); // a failed pass must not leak the device memory it cached
                hooks.close();
            }
            if (tape == null) win.close();
            else if (!done) tape.close();
        }
    }

    /**
     * The rows a pass starts from, built on the backend from the cache: the residual stream the stage begins with
     * (resid_pre for attention and z, resid_mid for the MLP and post) and, for a start after the attention mix or the
     * GELU, that activation too.
     */
    private void load(StartPoint start, PassLayout pass, Scratch s) { // pass: the rows it starts with
        PassLayout src = start.source().passLayout();
        int d = cfg.dModel();
        HookType residual = start.at() == Z || start.at() == RESID_PRE ? RESID_PRE : RESID_MID;
        k.interpolatePromptRows(s.resid, 0, d, pass.prepared, null, start.source().buffer(HookName.of(start.layer(), residual)), 0, d,
                src.prepared, pass.rows, null, d);
        if (start.at() == Z) {
            k.interpolatePromptRows(s.z, 0, d, pass.prepared, null, start.source().buffer(start.hook()), 0, d, src.prepared, pass.rows,
                    null, d);
        } else if (start.at() == MLP_POST) {
            int f = cfg.dMlp();
            k.interpolatePromptRows(s.post, 0, f, pass.prepared, null, start.source().buffer(start.hook()), 0, f, src.prepared,
                    pass.rows, null, f);
        }
    }

    /** Whether a hook comes before the point where a pass starts (so a patch there could never run). */
    static boolean isUpstream(HookName h, StartPoint start) {
        if (!h.type().perLayer()) return h.type() == EMBED || h.type() == POS_EMBED;
        return h.layer() < start.layer() || (h.layer() == start.layer() && h.type().ordinal() < start.at().ordinal());
    }

    private Buf copy(Buf src, long n) {
        Buf out = k.alloc(n);
        k.copy(src, 0, out, 0, n);
        return out;
    }

    private int[] checkBatch(Batch batch) {
        if (batch.size() == 0) throw new CircuitLensException("empty batch: no prompts to run");
        for (int p = 0; p < batch.size(); p++) {
            int[] t = batch.tokens()[p];
            if (t.length == 0) throw new CircuitLensException("prompt " + p + " has no tokens");
            if (t.length > cfg.nCtx()) {
                throw new CircuitLensException("prompt " + p + " has " + t.length + " tokens, more than the model's context of " + cfg.nCtx());
            }
            for (int id : t) {
                if (id < 0 || id >= cfg.dVocab()) {
                    throw new CircuitLensException("prompt " + p + " has token id " + id + " outside the vocabulary (size " + cfg.dVocab() + ")");
                }
            }
        }
        return batch.lengths();
    }

    private void embed(Batch batch, BatchLayout lay, Scratch s, HookRuntime hooks) {
        int rows = lay.rows();
        int d = cfg.dModel();
        int[] tokens = new int[rows];
        int[] positions = new int[rows];
        for (int p = 0; p < batch.size(); p++) {
            int[] t = batch.tokens()[p];
            System.arraycopy(t, 0, tokens, lay.rowStart()[p], t.length);
            for (int i = 0; i < t.length; i++) positions[lay.rowStart()[p] + i] = i;
        }
        IntBuf tok = k.uploadInts(tokens);
        IntBuf pos = k.uploadInts(positions);
        // hook_embed and hook_pos_embed borrow two buffers that the first block overwrites later
        Buf tokEmbed = s.attnOut;
        Buf posEmbed = s.mlpOut;
        k.gatherRows(weights.wte(), d, tok, rows, tokEmbed);
        hooks.at(HookName.of(EMBED), HookView.dense(tokEmbed, d));
        k.gatherRows(weights.wpe(), d, pos, rows, posEmbed);
        hooks.at(HookName.of(POS_EMBED), HookView.dense(posEmbed, d));
        k.add(tokEmbed, posEmbed, s.resid, (long) rows * d);
        k.release(tok);
        k.release(pos);
    }

    /**
     * Layer l, from {@code from}: the whole layer (RESID_PRE), after the attention mix (Z: z and resid_pre loaded), the
     * MLP half (RESID_MID) or after the GELU (MLP_POST: post and resid_mid loaded). A pass that patches a head or a
     * neuron starts right at its hook, so a layer-L row recomputes nothing before it. A window pass (see
     * {@link PassWindows}) runs every row-wise kernel on its rows only and attention over the whole prompts, the
     * prefix's keys and values read from {@code cached}; a pass that needs only its metric keeps one row per prompt
     * from the last layer's attention mix on.
     */
    private void block(int l, LayerWeights w, PassWindows win, ActivationCache cached, Scratch s, HookRuntime hooks, ForwardTape tape,
                       HookType from) {
        BatchLayout lay = win.now().host;
        int rows = lay.rows();
        int d = cfg.dModel();
        int dHead = cfg.dHead();
        long n = (long) rows * d;
        float eps = (float) cfg.layerNormEps();
        // A taped layer writes its needed activations into buffers of its own instead of the shared scratch ones.
        Buf residPre = null;
        Buf scale1 = null;
        Buf qkvAll = null;
        Buf pattern = null;
        if (from == RESID_PRE) {
            boolean windowed = win.windowed();
            Buf qkv = tape != null && !windowed ? tape.own(k.alloc(3 * n)) : s.qkv;
            pattern = tape == null ? s.pattern : tape.own(k.alloc(win.full.host.attnSize()));
            hooks.at(HookName.of(l, RESID_PRE), HookView.dense(s.resid, d));
            if (tape != null) residPre = tape.own(copy(s.resid, n));
            scale1 = tape == null ? s.scale : tape.own(k.alloc(rows));
            k.layerNormScale(s.resid, rows, d, eps, scale1);
            hooks.at(HookName.of(l, LN1_SCALE), HookView.dense(scale1, 1));
            k.layerNormApply(s.resid, scale1, w.ln1W(), w.ln1B(), rows, d, s.ln);
            hooks.at(HookName.of(l, LN1_NORMALIZED), HookView.dense(s.ln, d));

            k.gemm(false, false, rows, 3 * d, d, s.ln, 0, d, w.qkvW(), 0, 3 * d, qkv, 0, 3 * d, w.qkvB(), 0, false);
            hooks.at(HookName.of(l, Q), HookView.rows(qkv, 0, 3 * d, d));
            hooks.at(HookName.of(l, K), HookView.rows(qkv, d, 3 * d, d));
            hooks.at(HookName.of(l, V), HookView.rows(qkv, 2L * d, 3 * d, d));
            qkvAll = qkv;
            if (windowed) {
                // the prefix's keys and values are the cached run's; its queries stay 0 (their outputs are dropped)
                PassLayout full = win.full;
                qkvAll = tape == null ? s.qkvFull() : tape.own(k.alloc(3L * full.host.rows() * d));
                PassLayout src = cached.passLayout();
                k.interpolatePromptRows(qkvAll, d, 3 * d, full.prepared, null, cached.buffer(HookName.of(l, K)), 0, d, src.prepared, full.rows,
                        null, d);
                k.interpolatePromptRows(qkvAll, 2L * d, 3 * d, full.prepared, null, cached.buffer(HookName.of(l, V)), 0, d, src.prepared,
                        full.rows, null, d);
                win.move(qkv, 0, 3 * d, win.main, qkvAll, 0, 3 * d, full, 3 * d);
            }
            k.attentionScores(qkvAll, 0, qkvAll, d, 3 * d, dHead, win.full.prepared, s.scores);
            hooks.at(HookName.of(l, ATTN_SCORES), HookView.attention(s.scores));
            k.causalSoftmax(s.scores, win.full.prepared, pattern);
            hooks.at(HookName.of(l, PATTERN), HookView.attention(pattern));
            boolean shrink = win.shrinksIn(l, cfg.nLayers());
            if (!windowed && !shrink) {
                k.attentionMix(pattern, qkvAll, 2L * d, 3 * d, dHead, win.full.prepared, s.z);
            } else {
                Buf zAll = s.zFull();
                k.attentionMix(pattern, qkvAll, 2L * d, 3 * d, dHead, win.full.prepared, zAll);
                if (shrink) {
                    // nothing after this mix reads another position: keep only the rows the metric reads
                    win.move(s.resid, 0, d, win.main, s.ln, 0, d, win.last, d);
                    win.dropToLastRows();
                    rows = win.now().host.rows();
                    n = (long) rows * d;
                    k.copy(s.ln, 0, s.resid, 0, n);
                }
                win.move(zAll, 0, d, win.full, s.z, 0, d, win.now(), d);
            }
        }
        if (from == RESID_PRE || from == Z) {
            hooks.at(HookName.of(l, Z), HookView.dense(s.z, d));
            k.gemm(false, false, rows, d, d, s.z, 0, d, w.outW(), 0, d, s.attnOut, 0, d, w.outB(), 0, false);
            HookName result = HookName.of(l, RESULT);
            if (hooks.active(result)) perHeadResults(result, w, rows, s, hooks);
            hooks.at(HookName.of(l, ATTN_OUT), HookView.dense(s.attnOut, d));
            k.add(s.resid, s.attnOut, s.resid, n);
        }

        Buf mlpIn = null;
        Buf scale2 = null;
        Buf pre = null;
        int dMlp = cfg.dMlp();
        if (from != MLP_POST) {
            hooks.at(HookName.of(l, RESID_MID), HookView.dense(s.resid, d));
            HookName mlpInHook = HookName.of(l, MLP_IN);
            mlpIn = s.resid;
            if (hooks.patched(mlpInHook)) {
                // TransformerLens' hook_mlp_in is a copy: patching it changes the MLP's input, not the residual stream.
                mlpIn = s.mlpIn();
                k.copy2d(s.resid, 0, d, mlpIn, 0, d, rows, d);
            }
            hooks.at(mlpInHook, HookView.dense(mlpIn, d));
            scale2 = tape == null ? s.scale : tape.own(k.alloc(rows));
            k.layerNormScale(mlpIn, rows, d, eps, scale2);
            hooks.at(HookName.of(l, LN2_SCALE), HookView.dense(scale2, 1));
            k.layerNormApply(mlpIn, scale2, w.ln2W(), w.ln2B(), rows, d, s.ln);
            hooks.at(HookName.of(l, LN2_NORMALIZED), HookView.dense(s.ln, d));

            pre = tape == null ? s.pre : tape.own(k.alloc((long) rows * dMlp));
            k.gemm(false, false, rows, dMlp, d, s.ln, 0, d, w.fcW(), 0, dMlp, pre, 0, dMlp, w.fcB(), 0, false);
            hooks.at(HookName.of(l, MLP_PRE), HookView.dense(pre, dMlp));
            k.geluNew(pre, s.post, (long) rows * dMlp);
        }
        hooks.at(HookName.of(l, MLP_POST), HookView.dense(s.post, dMlp));
        k.gemm(false, false, rows, d, dMlp, s.post, 0, dMlp, w.projW(), 0, d, s.mlpOut, 0, d, w.projB(), 0, false);
        hooks.at(HookName.of(l, MLP_OUT), HookView.dense(s.mlpOut, d));
        if (tape != null) {
            Buf mlpInCopy = mlpIn == null ? null : tape.own(copy(mlpIn, n));
            tape.layers[l] = new LayerTape(from, residPre, scale1, qkvAll, pattern, mlpInCopy, scale2, pre);
        }
        k.add(s.resid, s.mlpOut, s.resid, n);
        hooks.at(HookName.of(l, RESID_POST), HookView.dense(s.resid, d));
    }

    /**
     * hook_result, materialised only when observed or patched: result_h = z_h · W_O[h]. attn_out itself always comes
     * from the single z · W_O GEMM, so caching never changes the numbers; a patch adds Σ_h (patched_h − original_h),
     * which is exactly 0 for heads it leaves alone.
     */
    private void perHeadResults(HookName hook, LayerWeights w, int rows, Scratch s, HookRuntime hooks) {
        int d = cfg.dModel();
        int nHeads = cfg.nHeads();
        int dHead = cfg.dHead();
        Buf r = s.result();
        for (int h = 0; h < nHeads; h++) {
            k.gemm(false, false, rows, d, dHead, s.z, (long) h * dHead, d, w.outW(), (long) h * dHead * d, d,
                    r, (long) h * d, nHeads * d, null, 0, false);
        }
        if (!hooks.patched(hook)) {
            hooks.at(hook, HookView.dense(r, nHeads * d));
            return;
        }
        long n = (long) rows * nHeads * d;
        Buf original = s.resultOriginal();
        k.copy(r, 0, original, 0, n);
        hooks.at(hook, HookView.dense(r, nHeads * d));
        k.axpy(-1f, original, r, n);
        k.sumHeads(r, rows, nHeads, d, s.attnOut, true);
    }

    /** logits = ln_final(x) · W_Eᵀ, only at the rows (and vocabulary columns) asked for. */
    private Buf unembed(Buf lnOut, PassLayout pass, ForwardOptions opt, ForwardTape tape) {
        int d = cfg.dModel();
        int vocab = cfg.dVocab();
        BatchLayout lay = pass.host;
        if (opt.columns() != null) {
            int n = lay.prompts();
            int a = opt.columns().length;
            for (int c : opt.columns()) {
                if (c < 0 || c >= vocab) throw new CircuitLensException("logit column " + c + " is outside the vocabulary (size " + vocab + ")");
            }
            IntBuf cols = k.uploadInts(opt.columns());
            Buf unembedding = k.alloc((long) a * d); // the answer rows of W_E
            Buf rowsBuf = k.alloc((long) n * d);
            Buf out = k.alloc((long) n * a);
            try {
                k.gatherRows(weights.wte(), d, cols, a, unembedding);
                k.gatherLastRows(lnOut, d, pass.prepared, rowsBuf);
                k.gemm(false, true, n, a, d, rowsBuf, 0, d, unembedding, 0, d, out, 0, a, null, 0, false);
            } finally {
                k.release(cols);
                k.release(rowsBuf);
                if (tape != null) tape.unembedding = tape.own(unembedding);
                else k.release(unembedding);
            }
            return out;
        }
        return switch (opt.logits()) {
            case NONE -> null;
            case ALL -> {
                Buf out = k.alloc((long) lay.rows() * vocab);
                k.gemm(false, true, lay.rows(), vocab, d, lnOut, 0, d, weights.wte(), 0, d, out, 0, vocab, null, 0, false);
                yield out;
            }
            case LAST -> {
                int n = lay.prompts();
                Buf rowsBuf = k.alloc((long) n * d);
                k.gatherLastRows(lnOut, d, pass.prepared, rowsBuf);
                Buf out = k.alloc((long) n * vocab);
                k.gemm(false, true, n, vocab, d, rowsBuf, 0, d, weights.wte(), 0, d, out, 0, vocab, null, 0, false);
                k.release(rowsBuf);
                yield out;
            }
        };
    }

    /**
     * Gradients of Σ_prompts metric w.r.t. hook activations, by reverse-mode from {@code dLogits} (d metric / d logits
     * at the rows the forward pass computed logits for; the pass must have been run {@link ForwardOptions#forBackward()}).
     * Gradients are kept for hooks matching {@code wanted}; the pass stops once it has the gradient at {@code stopAt}
     * (null: go down to the embeddings). Since the metric sums over prompts, each row gets its own prompt's gradient.
     */
    public ActivationCache backward(ForwardResult forward, Buf dLogits, HookFilter wanted, HookName stopAt) {
        if (stopAt != null) stopAt.checkLayers(cfg.nLayers());
        return new BackwardPass(k, cfg, weights).run(forward, dLogits, wanted, stopAt);
    }

    @Override
    public void close() {
        weights.release(k);
    }
}
