package io.circuitlens.model;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;

import java.util.ArrayList;
import java.util.List;

import static io.circuitlens.model.HookType.*;

/**
 * Reverse-mode through the GPT-2 graph for activation gradients only (no weight gradients), from the gradient of
 * the metric w.r.t. the logits down to a stop hook or the embeddings: each forward kernel's twin, in reverse order,
 * with {@link GradientHooks} recording gradients and routing them through the forward pass's patches.
 */
final class BackwardPass {
    private final Kernels k;
    private final Gpt2Config cfg;
    private final Gpt2Weights w;

    BackwardPass(Kernels k, Gpt2Config cfg, Gpt2Weights w) {
        this.k = k;
        this.cfg = cfg;
        this.w = w;
    }

    ActivationCache run(ForwardResult fwd, Buf dLogits, HookFilter wanted, HookName stopAt) {
        ForwardTape tape = fwd.tape();
        if (tape == null) throw new IllegalStateException("the forward pass was not run forBackward()");
        PassWindows win = tape.windows;
        PassLayout lay = win.last != null ? win.last : win.main; // the rows the pass ended on
        GradientHooks g = new GradientHooks(k, cfg, win, lay, wanted, tape.patches, stopAt);
        List<Buf> temps = new ArrayList<>();
        boolean done = false;
        try {
            backward(fwd, tape, win, lay, dLogits, g, temps);
            done = true;
            return g.gradients();
        } finally {
            for (Buf b : temps) k.release(b);
            g.closeCompiled();
            if (!done) g.gradients().close();
        }
    }

    private Buf temp(long n, List<Buf> temps) {
        Buf b = k.alloc(n);
        temps.add(b);
        return b;
    }

    private void backward(ForwardResult fwd, ForwardTape tape, PassWindows win, PassLayout lay, Buf dLogits, GradientHooks g,
                          List<Buf> temps) {
        int rows = lay.host.rows();
        int d = cfg.dModel();
        int vocab = cfg.dVocab();
        long n = (long) rows * d;

        Buf dLn = temp(n, temps);
        if (fwd.mode() == ForwardOptions.Logits.LAST) {
            int b = lay.host.prompts();
            Buf sel = temp((long) b * d, temps);
            Buf unembedding = tape.unembedding != null ? tape.unembedding : w.wte();
            int width = tape.unembedding != null ? Math.toIntExact(tape.unembedding.size() / d) : vocab;
            k.gemm(false, false, b, d, width, dLogits, 0, width, unembedding, 0, d, sel, 0, d, null, 0, false);
            k.scatterAddLastRows(sel, d, lay.prepared, dLn);
        } else {
            k.gemm(false, false, rows, d, vocab, dLogits, 0, vocab, w.wte(), 0, d, dLn, 0, d, null, 0, false);
        }
        if (g.at(HookName.of(LN_FINAL_NORMALIZED), HookView.dense(dLn, d))) return;
        Buf dResid = temp((long) win.main.host.rows() * d, temps); // holds the main rows again below the last attention mix
        Buf dScale = temp(rows, temps);
        k.layerNormApplyBackward(tape.residFinal, tape.scaleFinal, w.lnFinalW(), dLn, rows, d, dResid, dScale);
        if (g.at(HookName.of(LN_FINAL_SCALE), HookView.dense(dScale, 1))) return;
        k.layerNormScaleBackward(tape.residFinal, tape.scaleFinal, dScale, rows, d, dResid);

        for (int l = cfg.nLayers() - 1; l >= tape.firstLayer(); l--) {
            List<Buf> layerTemps = new ArrayList<>();
            try {
                if (layer(l, tape.layers[l], w.layers().get(l), win, dResid, g, layerTemps)) return;
            } finally {
                for (Buf b : layerTemps) k.release(b);
            }
        }
        if (tape.start == null) { // the embeddings are part of this pass's graph only when it began there
            n = (long) win.main.host.rows() * d;
            Buf dPos = g.branch(HookName.of(POS_EMBED), dResid, n, temps);
            if (g.at(HookName.of(POS_EMBED), HookView.dense(dPos, d))) return;
            Buf dEmbed = g.branch(HookName.of(EMBED), dResid, n, temps);
            g.at(HookName.of(EMBED), HookView.dense(dEmbed, d));
        }
    }

    /**
     * One block in reverse; dResid holds d resid_post on entry and d resid_pre on exit. True when stopped. Rows are
     * those the forward computed: the metric rows down to the last layer's attention mix when it kept only those, the
     * pass's window (or whole prompts) below; attention runs over the whole prompts.
     */
    private boolean layer(int l, LayerTape t, LayerWeights lw, PassWindows win, Buf dResid, GradientHooks g, List<Buf> temps) {
        PassLayout pass = win.shrinksIn(l, cfg.nLayers()) ? win.last : win.main;
        BatchLayout lay = pass.host;
        int rows = lay.rows();
        int d = cfg.dModel();
        int dMlp = cfg.dMlp();
        int nHeads = cfg.nHeads();
        int dHead = cfg.dHead();
        long n = (long) rows * d;

        if (g.at(HookName.of(l, RESID_POST), HookView.dense(dResid, d))) return true;
        Buf dMlpOut = g.branch(HookName.of(l, MLP_OUT), dResid, n, temps);
        if (g.at(HookName.of(l, MLP_OUT), HookView.dense(dMlpOut, d))) return true;
        Buf dPost = temp((long) rows * dMlp, temps);
        k.gemm(false, true, rows, dMlp, d, dMlpOut, 0, d, lw.projW(), 0, d, dPost, 0, dMlp, null, 0, false);
        if (g.at(HookName.of(l, MLP_POST), HookView.dense(dPost, dMlp))) return true;
        if (t.from() == MLP_POST) return true; // the forward pass started after this GELU: nothing below it ran
        Buf dPre = temp((long) rows * dMlp, temps);
        k.geluNewBackward(t.pre(), dPost, dPre, (long) rows * dMlp);
        if (g.at(HookName.of(l, MLP_PRE), HookView.dense(dPre, dMlp))) return true;
        Buf dLn = temp(n, temps);
        k.gemm(false, true, rows, d, dMlp, dPre, 0, dMlp, lw.fcW(), 0, dMlp, dLn, 0, d, null, 0, false);
        if (g.at(HookName.of(l, LN2_NORMALIZED), HookView.dense(dLn, d))) return true;
        Buf dMlpIn = temp(n, temps);
        Buf dScale = temp(rows, temps);
        k.layerNormApplyBackward(t.mlpIn(), t.scale2(), lw.ln2W(), dLn, rows, d, dMlpIn, dScale);
        if (g.at(HookName.of(l, LN2_SCALE), HookView.dense(dScale, 1))) return true;
        k.layerNormScaleBackward(t.mlpIn(), t.scale2(), dScale, rows, d, dMlpIn);
        if (g.at(HookName.of(l, MLP_IN), HookView.dense(dMlpIn, d))) return true;
        k.add(dResid, dMlpIn, dResid, n);
        if (g.at(HookName.of(l, RESID_MID), HookView.dense(dResid, d))) return true;
        if (t.from() == RESID_MID) return false; // the forward pass started at this layer's resid_mid

        Buf dAttnOut = g.branch(HookName.of(l, ATTN_OUT), dResid, n, temps);
        if (g.at(HookName.of(l, ATTN_OUT), HookView.dense(dAttnOut, d))) return true;
        Buf dZ = temp(n, temps);
        HookName result = HookName.of(l, RESULT);
        if (g.wanted(result) || g.patched(result)) {
            // every head's result receives d attn_out; a patched result passes back only its (1 − alpha) share
            Buf dResult = temp(n * nHeads, temps);
            for (int h = 0; h < nHeads; h++) k.copy2d(dAttnOut, 0, d, dResult, (long) h * d, nHeads * d, rows, d);
            if (g.at(result, HookView.dense(dResult, nHeads * d))) return true;
            for (int h = 0; h < nHeads; h++) {
                k.gemm(false, true, rows, dHead, d, dResult, (long) h * d, nHeads * d, lw.outW(), (long) h * dHead * d, d,
                        dZ, (long) h * dHead, d, null, 0, false);
            }
        } else {
            k.gemm(false, true, rows, d, d, dAttnOut, 0, d, lw.outW(), 0, d, dZ, 0, d, null, 0, false);
        }
        if (g.at(HookName.of(l, Z), HookView.dense(dZ, d))) return true;
        if (t.from() == Z) return true; // the forward pass started after this attention mix
        if (pass != win.main) {
            // below the mix the forward held all its rows: the others' gradients are 0 (nothing above read them)
            Buf dZMain = temp((long) win.main.host.rows() * d, temps);
            win.move(dZ, 0, d, pass, dZMain, 0, d, win.main, d);
            Buf kept = temp(n, temps);
            k.copy(dResid, 0, kept, 0, n);
            pass = win.main;
            lay = pass.host;
            rows = lay.rows();
            n = (long) rows * d;
            k.fill(dResid, 0, n, 0f);
            win.move(kept, 0, d, win.last, dResid, 0, d, pass, d);
            dZ = dZMain;
            g.backToMainRows();
        }
        PassLayout full = win.full;
        Buf dZAll = dZ;
        if (win.windowed()) {
            // attention ran over the whole prompts; the prefix's queries were dropped, so their gradients are 0
            dZAll = temp((long) full.host.rows() * d, temps);
            win.move(dZ, 0, d, pass, dZAll, 0, d, full, d);
        }
        Buf dPattern = temp(full.host.attnSize(), temps);
        Buf dQkvAll = temp(3L * full.host.rows() * d, temps);
        k.attentionMixBackward(t.pattern(), t.qkv(), 2L * d, 3 * d, dZAll, dHead, full.prepared, dPattern, dQkvAll, 2L * d);
        if (g.at(HookName.of(l, PATTERN), HookView.attention(dPattern))) return true;
        Buf dScores = temp(full.host.attnSize(), temps);
        k.causalSoftmaxBackward(t.pattern(), dPattern, full.prepared, dScores);
        if (g.at(HookName.of(l, ATTN_SCORES), HookView.attention(dScores))) return true;
        k.attentionScoresBackward(t.qkv(), 0, t.qkv(), d, 3 * d, dHead, full.prepared, dScores, dQkvAll, 0, dQkvAll, d);
        Buf dQkv = dQkvAll;
        if (win.windowed()) {
            // the prefix's keys and values were the cached run's (constants of this pass)
            dQkv = temp(3 * n, temps);
            win.move(dQkvAll, 0, 3 * d, full, dQkv, 0, 3 * d, pass, 3 * d);
        }
        if (g.at(HookName.of(l, Q), HookView.rows(dQkv, 0, 3 * d, d))) return true;
        if (g.at(HookName.of(l, K), HookView.rows(dQkv, d, 3 * d, d))) return true;
        if (g.at(HookName.of(l, V), HookView.rows(dQkv, 2L * d, 3 * d, d))) return true;
        Buf dLn1 = temp(n, temps);
        k.gemm(false, true, rows, d, 3 * d, dQkv, 0, 3 * d, lw.qkvW(), 0, 3 * d, dLn1, 0, d, null, 0, false);
        if (g.at(HookName.of(l, LN1_NORMALIZED), HookView.dense(dLn1, d))) return true;
        Buf dScale1 = temp(rows, temps);
        k.layerNormApplyBackward(t.residPre(), t.scale1(), lw.ln1W(), dLn1, rows, d, dResid, dScale1);
        if (g.at(HookName.of(l, LN1_SCALE), HookView.dense(dScale1, 1))) return true;
        k.layerNormScaleBackward(t.residPre(), t.scale1(), dScale1, rows, d, dResid);
        return g.at(HookName.of(l, RESID_PRE), HookView.dense(dResid, d));
    }
}
