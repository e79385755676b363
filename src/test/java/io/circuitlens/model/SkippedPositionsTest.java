package io.circuitlens.model;

import io.circuitlens.hub.LoadedModel;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.RowMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.circuitlens.model.HookType.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Passes that compute fewer positions — a window from the first position a pair differs at (causal prefix reuse) and
 * only the metric rows after the last attention mix — against the plain pass that computes every position: the same
 * logits, and the same per-component, per-position gradient·delta sums, from every entry point of every layer. The
 * pairs have different lengths and differ at their first token, in the middle, at their last token, or not at all.
 */
class SkippedPositionsTest {
    @TempDir
    static Path tmp;
    static Kernels kernels;
    static LoadedModel lm;
    static Gpt2Model model;
    static Batch clean;
    static Batch corrupted;
    static int[] firstDiff;
    static ActivationCache cleanCache;
    static ActivationCache corruptedCache;
    static final HookFilter STATE = HookFilter.of("blocks.*.hook_resid_pre", "blocks.*.hook_resid_mid", "blocks.*.attn.hook_z",
            "blocks.*.mlp.hook_post", "blocks.*.attn.hook_k", "blocks.*.attn.hook_v");

    @BeforeAll
    static void setUp() {
        kernels = TestModels.cpu();
        lm = TestModels.open(TestModels.odd(), tmp.resolve("m"), kernels);
        model = lm.model();
        List<String> a = List.of("When Mary and John went to", "The cat sat on", "Hello there", "abcdefgh", "Quiet");
        List<String> b = List.of("When Mary and Jake went to", "She cat sat on", "Hello there", "abcdefgX", "Quite");
        clean = lm.tokenize(a, false);
        corrupted = lm.tokenize(b, false);
        firstDiff = new int[clean.size()];
        for (int p = 0; p < clean.size(); p++) {
            int[] x = clean.tokens()[p];
            int[] y = corrupted.tokens()[p];
            assertEquals(x.length, y.length, "pair " + p);
            int t = 0;
            while (t < x.length && x[t] == y[t]) t++;
            firstDiff[p] = t;
        }
        assertEquals(0, firstDiff[1], "a pair that differs at its first token");
        assertEquals(clean.tokens()[2].length, firstDiff[2], "a pair that does not differ");
        cleanCache = model.forward(clean, ForwardOptions.lastLogits().withCache(STATE)).cache();
        corruptedCache = model.forward(corrupted, ForwardOptions.lastLogits().withCache(STATE)).cache();
    }

    @AfterAll
    static void tearDown() {
        cleanCache.close();
        corruptedCache.close();
        lm.close();
        kernels.close();
    }

    /** d(logit[1] − logit[2]) per row (LAST logits). */
    static Buf dLogits(int rows) {
        int vocab = model.config().dVocab();
        float[] g = new float[rows * vocab];
        for (int r = 0; r < rows; r++) {
            g[r * vocab + 1] = 1f;
            g[r * vocab + 2] = -1f;
        }
        return kernels.upload(g);
    }

    /** IG-like rows: two steps of every prompt along the path from the clean to the corrupted run at the start hook. */
    @Test
    void interpolatedRowsFromEveryEntryPointMatchThePlainPass() {
        int prompts = clean.size();
        RowMap rows = RowMap.grid(prompts, prompts, 2 * prompts); // steps 1 and 2
        float[] alphas = {0f, 0.4f, 1f};
        int maxLen = 0;
        for (int[] t : clean.tokens()) maxLen = Math.max(maxLen, t.length);
        for (int stage = 0; stage < 4 * model.config().nLayers(); stage++) {
            StartPoint sp = StartPoint.atStage(stage, cleanCache, rows);
            HookName hook = sp.hook();
            PatchPlan plan = PatchPlan.builder().alongPath(hook, Selection.all(), cleanCache, corruptedCache, alphas).build();
            HookName after = HookName.of(model.config().nLayers() - 1, MLP_POST); // past the last mix: metric rows only
            HookFilter wanted = HookFilter.of(hook, after);
            ForwardOptions plain = ForwardOptions.lastLogits().withPatches(plan).forBackward();
            ForwardOptions skipping = plain.reusingPrefix(firstDiff).onlyMetricRows();
            Buf d = dLogits(rows.rows());
            try (ForwardResult p = model.forwardFrom(sp, plain);
                 ForwardResult s = model.forwardFrom(sp, skipping);
                 ActivationCache gp = model.backward(p, d, wanted, hook);
                 ActivationCache gs = model.backward(s, d, wanted, hook)) {
                for (int r = 0; r < rows.rows(); r++) assertArrayEquals(p.lastLogits(r), s.lastLogits(r), 2e-5f, hook + " row " + r);
                for (HookName h : List.of(hook, after)) {
                    if (!gp.contains(h)) continue; // the pass stops at its start hook
                    boolean perComponent = h.kind() != HookKind.RESID;
                    float[] sp1 = gp.unitSums(h, perComponent, maxLen, corruptedCache, cleanCache);
                    float[] ss1 = gs.unitSums(h, perComponent, maxLen, corruptedCache, cleanCache);
                    assertArrayEquals(sp1, ss1, 2e-5f, "gradient·delta at " + h + " from " + hook);
                }
            } finally {
                kernels.release(d);
            }
        }
    }

    /** Activation patching rows: one head (or neuron) each, from the corrupted run, rows repeating and mixing prompts. */
    @Test
    void patchedComponentsMatchThePlainPass() {
        RowMap rows = RowMap.listed(new int[] {1, 0, 4, 0, 3, 2});
        int last = model.config().nLayers() - 1;
        for (HookName hook : List.of(HookName.of(0, Z), HookName.of(1, MLP_POST), HookName.of(last, Z), HookName.of(last, MLP_POST),
                HookName.of(1, RESID_PRE), HookName.of(last, RESID_MID))) {
            int stage = StartPoint.stageFor(hook, cleanCache);
            PatchPlan.Builder plan = PatchPlan.builder();
            for (int r = 0; r < rows.rows(); r++) {
                plan.set(hook, r, Selection.all(), Selection.of(r % 3), corruptedCache, -1);
            }
            ForwardOptions plain = ForwardOptions.lastLogits().withPatches(plan.build());
            StartPoint sp = StartPoint.atStage(stage, cleanCache, rows);
            try (ForwardResult p = model.forwardFrom(sp, plain);
                 ForwardResult w = model.forwardFrom(sp, plain.reusingPrefix(firstDiff));
                 ForwardResult m = model.forwardFrom(sp, plain.onlyMetricRows());
                 ForwardResult both = model.forwardFrom(sp, plain.reusingPrefix(firstDiff).onlyMetricRows())) {
                for (int r = 0; r < rows.rows(); r++) {
                    assertArrayEquals(p.lastLogits(r), w.lastLogits(r), 2e-5f, hook + " window, row " + r);
                    assertArrayEquals(p.lastLogits(r), m.lastLogits(r), 2e-5f, hook + " metric rows, row " + r);
                    assertArrayEquals(p.lastLogits(r), both.lastLogits(r), 2e-5f, hook + " both, row " + r);
                }
            }
        }
    }

    /** From the embeddings: only the metric rows in the last layer; every kept gradient is the plain pass's (0 elsewhere). */
    @Test
    void metricRowsOnlyFromTheEmbeddingsKeepsEveryGradient() {
        HookFilter wanted = HookFilter.of("blocks.*.hook_resid_post", "blocks.*.mlp.hook_post", "blocks.*.attn.hook_z", "blocks.*.hook_resid_pre",
                "ln_final.hook_normalized", "hook_embed");
        Buf d = dLogits(clean.size());
        try (ForwardResult p = model.forward(clean, ForwardOptions.lastLogits().forBackward());
             ForwardResult m = model.forward(clean, ForwardOptions.lastLogits().onlyMetricRows().forBackward());
             ActivationCache gp = model.backward(p, d, wanted, null);
             ActivationCache gm = model.backward(m, d, wanted, null)) {
            assertEquals(gp.hooks(), gm.hooks());
            for (int r = 0; r < clean.size(); r++) {
                assertArrayEquals(p.lastLogits(r), m.lastLogits(r), 2e-5f);
                for (HookName h : gp.hooks()) assertArrayEquals(gp.get(h, r).data(), gm.get(h, r).data(), 2e-5f, h + " prompt " + r);
            }
        } finally {
            kernels.release(d);
        }
    }

    @Test
    void reusingAPrefixNeedsTheCachedKeysAndValues() {
        try (ActivationCache resid = model.forward(clean, ForwardOptions.lastLogits().withCache(HookFilter.of("blocks.*.hook_resid_pre"))).cache()) {
            var e = assertThrows(io.circuitlens.common.CircuitLensException.class, () -> model.forwardFrom(
                    new StartPoint(1, RESID_PRE, resid, RowMap.identity(clean.size())), ForwardOptions.lastLogits().reusingPrefix(firstDiff)));
            assertTrue(e.getMessage().contains("blocks.1.attn.hook_k is not in the cache"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> model.forward(clean, ForwardOptions.lastLogits().reusingPrefix(firstDiff)));
        assertThrows(IllegalArgumentException.class, () -> ForwardOptions.allLogits().onlyMetricRows());
        assertThrows(IllegalArgumentException.class, () -> ForwardOptions.lastLogits().withCache(HookFilter.all()).onlyMetricRows());
    }

    /** Gradients of a window pass hold only the recomputed positions: a per-prompt tensor would be wrong, so it is refused. */
    @Test
    void aWindowPassGradientRefusesPerPromptReads() {
        Buf d = dLogits(clean.size());
        StartPoint sp = new StartPoint(1, MLP_POST, cleanCache, RowMap.identity(clean.size()));
        try (ForwardResult w = model.forwardFrom(sp, ForwardOptions.lastLogits().reusingPrefix(firstDiff).forBackward());
             ActivationCache g = model.backward(w, d, HookFilter.of("blocks.1.mlp.hook_post"), null)) {
            assertThrows(IllegalStateException.class, () -> g.get("blocks.1.mlp.hook_post", 0));
        } finally {
            kernels.release(d);
        }
    }
}
