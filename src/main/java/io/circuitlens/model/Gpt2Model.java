package io.circuitlens.model;

import io.circuitlens.CircuitLensException;
import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.IntBuf;
import io.circuitlens.kernels.Kernels;

import java.nio.file.Path;

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

    /** Runs a batch; see {@link ForwardOptions} for caching, patching and where logits are computed. */
    public ForwardResult forward(Batch batch, ForwardOptions opt) {
        BatchLayout lay = BatchLayout.of(checkBatch(batch), cfg.nHeads());
        int rows = lay.rows();
        int d = cfg.dModel();
        HookRuntime hooks = new HookRuntime(k, cfg, lay, opt.cache(), opt.patches());
        boolean done = false;
        try (hooks; Scratch s = new Scratch(k, cfg, lay)) {
            embed(batch, lay, s, hooks);
            for (int l = 0; l < cfg.nLayers(); l++) block(l, weights.layers().get(l), lay, s, hooks);
            k.layerNormScale(s.resid, rows, d, (float) cfg.layerNormEps(), s.scale);
            hooks.at(HookName.of(LN_FINAL_SCALE), HookView.dense(s.scale, 1));
            k.layerNormApply(s.resid, s.scale, weights.lnFinalW(), weights.lnFinalB(), rows, d, s.ln);
            hooks.at(HookName.of(LN_FINAL_NORMALIZED), HookView.dense(s.ln, d));
            Buf logits = unembed(s.ln, lay, opt.logits());
            done = true;
            return new ForwardResult(k, lay, opt.logits(), logits, cfg.dVocab(), hooks.cache());
        } finally {
            if (!done) hooks.cache().close(); // a failed pass must not leak the device memory it cached
        }
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

    private void block(int l, LayerWeights w, BatchLayout lay, Scratch s, HookRuntime hooks) {
        int rows = lay.rows();
        int d = cfg.dModel();
        int nHeads = cfg.nHeads();
        int dHead = cfg.dHead();
        long n = (long) rows * d;
        float eps = (float) cfg.layerNormEps();

        hooks.at(HookName.of(l, RESID_PRE), HookView.dense(s.resid, d));
        k.layerNormScale(s.resid, rows, d, eps, s.scale);
        hooks.at(HookName.of(l, LN1_SCALE), HookView.dense(s.scale, 1));
        k.layerNormApply(s.resid, s.scale, w.ln1W(), w.ln1B(), rows, d, s.ln);
        hooks.at(HookName.of(l, LN1_NORMALIZED), HookView.dense(s.ln, d));

        k.gemm(false, false, rows, 3 * d, d, s.ln, 0, d, w.qkvW(), 0, 3 * d, s.qkv, 0, 3 * d, w.qkvB(), 0, false);
        hooks.at(HookName.of(l, Q), HookView.rows(s.qkv, 0, 3 * d, d));
        hooks.at(HookName.of(l, K), HookView.rows(s.qkv, d, 3 * d, d));
        hooks.at(HookName.of(l, V), HookView.rows(s.qkv, 2L * d, 3 * d, d));
        k.attentionScores(s.qkv, 0, s.qkv, d, 3 * d, dHead, lay, s.scores);
        hooks.at(HookName.of(l, ATTN_SCORES), HookView.attention(s.scores));
        k.causalSoftmax(s.scores, lay, s.pattern);
        hooks.at(HookName.of(l, PATTERN), HookView.attention(s.pattern));
        k.attentionMix(s.pattern, s.qkv, 2L * d, 3 * d, dHead, lay, s.z);
        hooks.at(HookName.of(l, Z), HookView.dense(s.z, d));

        k.gemm(false, false, rows, d, d, s.z, 0, d, w.outW(), 0, d, s.attnOut, 0, d, w.outB(), 0, false);
        HookName result = HookName.of(l, RESULT);
        if (hooks.active(result)) perHeadResults(result, w, rows, s, hooks);
        hooks.at(HookName.of(l, ATTN_OUT), HookView.dense(s.attnOut, d));
        k.add(s.resid, s.attnOut, s.resid, n);
        hooks.at(HookName.of(l, RESID_MID), HookView.dense(s.resid, d));

        HookName mlpInHook = HookName.of(l, MLP_IN);
        Buf mlpIn = s.resid;
        if (hooks.patched(mlpInHook)) {
            // TransformerLens' hook_mlp_in is a copy: patching it changes the MLP's input, not the residual stream.
            mlpIn = s.mlpIn();
            k.copy2d(s.resid, 0, d, mlpIn, 0, d, rows, d);
        }
        hooks.at(mlpInHook, HookView.dense(mlpIn, d));
        k.layerNormScale(mlpIn, rows, d, eps, s.scale);
        hooks.at(HookName.of(l, LN2_SCALE), HookView.dense(s.scale, 1));
        k.layerNormApply(mlpIn, s.scale, w.ln2W(), w.ln2B(), rows, d, s.ln);
        hooks.at(HookName.of(l, LN2_NORMALIZED), HookView.dense(s.ln, d));

        int dMlp = cfg.dMlp();
        k.gemm(false, false, rows, dMlp, d, s.ln, 0, d, w.fcW(), 0, dMlp, s.pre, 0, dMlp, w.fcB(), 0, false);
        hooks.at(HookName.of(l, MLP_PRE), HookView.dense(s.pre, dMlp));
        k.geluNew(s.pre, s.post, (long) rows * dMlp);
        hooks.at(HookName.of(l, MLP_POST), HookView.dense(s.post, dMlp));
        k.gemm(false, false, rows, d, dMlp, s.post, 0, dMlp, w.projW(), 0, d, s.mlpOut, 0, d, w.projB(), 0, false);
        hooks.at(HookName.of(l, MLP_OUT), HookView.dense(s.mlpOut, d));
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
        k.copy2d(r, 0, 0, original, 0, 0, 1, Math.toIntExact(n));
        hooks.at(hook, HookView.dense(r, nHeads * d));
        k.axpy(-1f, original, r, n);
        k.sumHeads(r, rows, nHeads, d, s.attnOut, true);
    }

    /** logits = ln_final(x) · W_Eᵀ, only at the rows asked for. */
    private Buf unembed(Buf lnOut, BatchLayout lay, ForwardOptions.Logits where) {
        int d = cfg.dModel();
        int vocab = cfg.dVocab();
        return switch (where) {
            case NONE -> null;
            case ALL -> {
                Buf out = k.alloc((long) lay.rows() * vocab);
                k.gemm(false, true, lay.rows(), vocab, d, lnOut, 0, d, weights.wte(), 0, d, out, 0, vocab, null, 0, false);
                yield out;
            }
            case LAST -> {
                int[] last = new int[lay.prompts()];
                for (int p = 0; p < last.length; p++) last[p] = lay.lastRow(p);
                IntBuf idx = k.uploadInts(last);
                Buf rowsBuf = k.alloc((long) last.length * d);
                k.gatherRows(lnOut, d, idx, last.length, rowsBuf);
                Buf out = k.alloc((long) last.length * vocab);
                k.gemm(false, true, last.length, vocab, d, rowsBuf, 0, d, weights.wte(), 0, d, out, 0, vocab, null, 0, false);
                k.release(idx);
                k.release(rowsBuf);
                yield out;
            }
        };
    }

    @Override
    public void close() {
        weights.release(k);
    }
}
