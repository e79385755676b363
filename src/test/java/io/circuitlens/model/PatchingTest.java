package io.circuitlens.model;

import io.circuitlens.hub.LoadedModel;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.circuitlens.model.HookType.*;
import static org.junit.jupiter.api.Assertions.*;

/** Declarative patches: each operation against what it must mean, on a tiny model with odd sizes. */
class PatchingTest {
    @TempDir
    static Path tmp;
    static Kernels kernels;
    static LoadedModel lm;
    static Gpt2Model model;
    static Batch clean;
    static Batch corrupt;

    @BeforeAll
    static void setUp() {
        kernels = TestModels.cpu();
        lm = TestModels.open(TestModels.odd(), tmp.resolve("m"), kernels);
        model = lm.model();
        // same token lengths pairwise, different lengths across prompts
        clean = lm.tokenize(List.of("When Mary and John went", "The cat sat"), true);
        corrupt = lm.tokenize(List.of("When Anna and Paul went", "The dog ran"), true);
    }

    @AfterAll
    static void tearDown() {
        lm.close();
        kernels.close();
    }

    static ForwardResult run(Batch b, HookFilter cache, PatchPlan plan) {
        return model.forward(b, new ForwardOptions(cache, plan, ForwardOptions.Logits.LAST));
    }

    static ActivationCache cacheAll(Batch b) {
        return run(b, HookFilter.all(), PatchPlan.empty()).cache();
    }

    @Test
    void fullPatchOfResidPreReproducesSourceExactly() {
        ActivationCache src = cacheAll(corrupt);
        PatchPlan plan = PatchPlan.builder().set(HookName.of(0, RESID_PRE), Patch.ALL_ROWS, Selection.all(), Selection.all(), src, -1).build();
        try (ForwardResult patched = run(clean, HookFilter.none(), plan);
             ForwardResult source = run(corrupt, HookFilter.none(), PatchPlan.empty())) {
            for (int p = 0; p < 2; p++) assertArrayEquals(source.lastLogits(p), patched.lastLogits(p), "prompt " + p);
        }
    }

    @Test
    void alphaZeroIsANoOpAndAlphaPerRowInterpolates() {
        HookName hook = HookName.of(1, RESID_MID);
        // three copies of prompt 0, each with its own alpha; references use the same batch composition so that
        // alpha 0 and 1 must match bit for bit
        Batch rows = Batch.of(clean.tokens()[0], clean.tokens()[0], clean.tokens()[0]);
        Batch sources = Batch.of(corrupt.tokens()[0], corrupt.tokens()[0], corrupt.tokens()[0]);
        ActivationCache src = cacheAll(sources);
        float[] alphas = {0f, 0.25f, 1f};
        PatchPlan.Builder b = PatchPlan.builder();
        for (int r = 0; r < 3; r++) b.interpolate(hook, r, Selection.all(), Selection.all(), src, r, alphas[r]);
        try (ForwardResult res = run(rows, HookFilter.of(hook), b.build());
             ForwardResult base = run(rows, HookFilter.of(hook), PatchPlan.empty());
             ForwardResult source = run(sources, HookFilter.of(hook), PatchPlan.empty())) {
            assertArrayEquals(base.lastLogits(0), res.lastLogits(0));
            assertArrayEquals(source.lastLogits(2), res.lastLogits(2));
            float[] x = base.cache().get(hook, 1).data();
            float[] y = source.cache().get(hook, 1).data();
            float[] mid = res.cache().get(hook, 1).data();
            for (int i = 0; i < x.length; i++) assertEquals(x[i] + 0.25f * (y[i] - x[i]), mid[i], 1e-6, "element " + i);
            assertFalse(maxDiff(base.lastLogits(1), res.lastLogits(1)) < 1e-4, "alpha 0.25 must move the logits");
        }
    }

    @Test
    void patchingZOfOneHeadEqualsPatchingItsResult() {
        ActivationCache src = cacheAll(corrupt);
        int layer = 2;
        int head = 4;
        PatchPlan viaZ = PatchPlan.builder().set(HookName.of(layer, Z), Patch.ALL_ROWS, Selection.all(), Selection.of(head), src, -1).build();
        PatchPlan viaResult = PatchPlan.builder().set(HookName.of(layer, RESULT), Patch.ALL_ROWS, Selection.all(), Selection.of(head), src, -1).build();
        try (ForwardResult a = run(clean, HookFilter.none(), viaZ); ForwardResult b = run(clean, HookFilter.none(), viaResult);
             ForwardResult base = run(clean, HookFilter.none(), PatchPlan.empty())) {
            for (int p = 0; p < 2; p++) {
                assertClose(a.lastLogits(p), b.lastLogits(p), 1e-4);
                assertFalse(maxDiff(a.lastLogits(p), base.lastLogits(p)) < 1e-3, "the patch must change something");
            }
        }
    }

    @Test
    void onlySelectedHeadsAndPositionsChange() {
        ActivationCache src = cacheAll(corrupt);
        HookName z = HookName.of(0, Z);
        PatchPlan plan = PatchPlan.builder().set(z, 1, Selection.of(-1), Selection.of(2), src, -1).build();
        try (ForwardResult res = run(clean, HookFilter.of(z), plan); ForwardResult base = run(clean, HookFilter.of(z), PatchPlan.empty())) {
            FloatTensor after = res.cache().get(z, 1);
            FloatTensor before = base.cache().get(z, 1);
            FloatTensor source = src.get(z, 1);
            int len = clean.length(1);
            for (int pos = 0; pos < len; pos++) {
                for (int h = 0; h < 6; h++) {
                    for (int d = 0; d < 8; d++) {
                        float expect = pos == len - 1 && h == 2 ? source.get(pos, h, d) : before.get(pos, h, d);
                        assertEquals(expect, after.get(pos, h, d), "pos " + pos + " head " + h);
                    }
                }
            }
            // row 0 was not patched at all
            assertArrayEquals(base.cache().get(z, 0).data(), res.cache().get(z, 0).data());
        }
    }

    @Test
    void manyPatchesInOneBatchEqualSeparateRuns() {
        ActivationCache src = cacheAll(corrupt);
        HookName post = HookName.of(1, MLP_POST);
        HookName pattern = HookName.of(2, PATTERN);
        PatchPlan both = PatchPlan.builder()
                .set(post, 0, Selection.all(), Selection.of(3, 17, 100), src, 0)
                .zero(pattern, 1, Selection.of(1, 2), Selection.of(0, 5))
                .build();
        PatchPlan only0 = PatchPlan.builder().set(post, 0, Selection.all(), Selection.of(3, 17, 100), src, 0).build();
        PatchPlan only1 = PatchPlan.builder().zero(pattern, 1, Selection.of(1, 2), Selection.of(0, 5)).build();
        try (ForwardResult r = run(clean, HookFilter.none(), both); ForwardResult a = run(clean, HookFilter.none(), only0);
             ForwardResult b = run(clean, HookFilter.none(), only1)) {
            assertClose(a.lastLogits(0), r.lastLogits(0), 1e-5);
            assertClose(b.lastLogits(1), r.lastLogits(1), 1e-5);
        }
    }

    @Test
    void zeroingAHeadsPatternZeroesItsZ() {
        HookName pattern = HookName.of(1, PATTERN);
        HookName z = HookName.of(1, Z);
        PatchPlan plan = PatchPlan.builder().zero(pattern, Patch.ALL_ROWS, Selection.all(), Selection.of(3)).build();
        try (ForwardResult r = run(clean, HookFilter.of(pattern, z), plan)) {
            FloatTensor zt = r.cache().get(z, 0);
            for (int pos = 0; pos < clean.length(0); pos++) for (int d = 0; d < 8; d++) assertEquals(0f, zt.get(pos, 3, d));
            FloatTensor pt = r.cache().get(pattern, 0);
            assertEquals(0f, pt.get(3, 0, 0));
            assertEquals(1f, sumRow(pt, 2, 4), 1e-5, "other heads keep normalised rows");
        }
    }

    @Test
    void meanAndAddValuesBroadcastOverPositions() {
        HookName resid = HookName.of(1, RESID_PRE);
        float[] v = new float[48];
        for (int i = 0; i < v.length; i++) v[i] = i * 0.01f - 0.2f;
        FloatTensor value = new FloatTensor(new int[] {48}, v);
        try (ForwardResult set = run(clean, HookFilter.of(resid), PatchPlan.builder().setValue(resid, 0, Selection.all(), Selection.all(), value).build());
             ForwardResult add = run(clean, HookFilter.of(resid), PatchPlan.builder().addValue(resid, 0, Selection.of(0), Selection.all(), value, 2f).build());
             ForwardResult base = run(clean, HookFilter.of(resid), PatchPlan.empty())) {
            FloatTensor s = set.cache().get(resid, 0);
            for (int pos = 0; pos < clean.length(0); pos++) for (int d = 0; d < 48; d++) assertEquals(v[d], s.get(pos, d));
            FloatTensor a = add.cache().get(resid, 0);
            FloatTensor b0 = base.cache().get(resid, 0);
            for (int d = 0; d < 48; d++) {
                assertEquals(b0.get(0, d) + 2f * v[d], a.get(0, d), 1e-6);
                assertEquals(b0.get(1, d), a.get(1, d));
            }
        }
    }

    @Test
    void scaleMultipliesTheSelectedSlice() {
        HookName z = HookName.of(1, Z);
        HookName pattern = HookName.of(2, PATTERN);
        PatchPlan plan = PatchPlan.builder().scale(z, Patch.ALL_ROWS, Selection.all(), Selection.of(2), 2f)
                .scale(pattern, 0, Selection.of(-1), Selection.of(1), 0f).build();
        try (ForwardResult r = run(clean, HookFilter.of(z, pattern), plan); ForwardResult base = run(clean, HookFilter.of(z, pattern), PatchPlan.empty())) {
            FloatTensor a = r.cache().get(z, 1);
            FloatTensor b = base.cache().get(z, 1);
            for (int pos = 0; pos < clean.length(1); pos++) {
                for (int d = 0; d < 8; d++) {
                    assertEquals(2 * b.get(pos, 2, d), a.get(pos, 2, d), 1e-6);
                    assertEquals(b.get(pos, 3, d), a.get(pos, 3, d));
                }
            }
            int last = clean.length(0) - 1;
            for (int k = 0; k < clean.length(0); k++) assertEquals(0f, r.cache().get(pattern, 0).get(1, last, k));
        }
    }

    @Test
    void patchingMlpInLeavesTheResidualStreamAlone() {
        HookName mlpIn = HookName.of(0, MLP_IN);
        HookName mid = HookName.of(0, RESID_MID);
        HookName out = HookName.of(0, MLP_OUT);
        PatchPlan plan = PatchPlan.builder().zero(mlpIn, Patch.ALL_ROWS, Selection.all(), Selection.all()).build();
        try (ForwardResult r = run(clean, HookFilter.of(mlpIn, mid, out), plan);
             ForwardResult base = run(clean, HookFilter.of(mid, out), PatchPlan.empty())) {
            assertArrayEquals(base.cache().get(mid, 0).data(), r.cache().get(mid, 0).data());
            FloatTensor zeroIn = r.cache().get(mlpIn, 0);
            for (float f : zeroIn.data()) assertEquals(0f, f);
            assertFalse(maxDiff(base.cache().get(out, 0).data(), r.cache().get(out, 0).data()) < 1e-4);
        }
    }


    @Test
    void cachedHookShapesAreTransformerLensShapes() {
        try (ForwardResult r = run(clean, HookFilter.all(), PatchPlan.empty())) {
            int len = clean.length(1);
            ActivationCache c = r.cache();
            assertArrayEquals(new int[] {len, 48}, c.get("hook_embed", 1).shape());
            assertArrayEquals(new int[] {len, 1}, c.get("blocks.0.ln1.hook_scale", 1).shape());
            assertArrayEquals(new int[] {len, 6, 8}, c.get("blocks.2.attn.hook_q", 1).shape());
            assertArrayEquals(new int[] {6, len, len}, c.get("blocks.2.attn.hook_pattern", 1).shape());
            assertArrayEquals(new int[] {len, 6, 48}, c.get("blocks.1.attn.hook_result", 1).shape());
            assertArrayEquals(new int[] {len, 192}, c.get("blocks.1.mlp.hook_post", 1).shape());
            assertArrayEquals(new int[] {len, 48}, c.get("ln_final.hook_normalized", 1).shape());
            assertEquals(HookName.all(3).size(), c.hooks().size());
            // attention scores are -inf above the diagonal, the pattern 0 there
            assertEquals(Float.NEGATIVE_INFINITY, c.get("blocks.0.attn.hook_attn_scores", 1).get(0, 0, 1));
            assertEquals(0f, c.get("blocks.0.attn.hook_pattern", 1).get(0, 0, 1));
        }
    }

    @Test
    void cachingOnlyWhatIsAsked() {
        try (ForwardResult r = run(clean, HookFilter.of("blocks.*.attn.hook_z"), PatchPlan.empty())) {
            assertEquals(3, r.cache().hooks().size());
            CircuitLensException e = assertThrows(CircuitLensException.class, () -> r.cache().get("blocks.0.hook_resid_pre", 0));
            assertTrue(e.getMessage().contains("not in the cache"), e.getMessage());
        }
    }

    @Test
    void badPatchesAreClearErrors() {
        ActivationCache src = cacheAll(corrupt);
        ActivationCache other = cacheAll(lm.tokenize(List.of("Hi", "Yo"), true));
        assertMessage("same token length", () -> run(clean, HookFilter.none(),
                PatchPlan.builder().set(HookName.of(0, Z), 0, Selection.all(), Selection.all(), other, 0).build()));
        assertMessage("head index 6 is out of range", () -> run(clean, HookFilter.none(),
                PatchPlan.builder().set(HookName.of(0, Z), 0, Selection.all(), Selection.of(6), src, 0).build()));
        assertMessage("batch row 5", () -> run(clean, HookFilter.none(),
                PatchPlan.builder().zero(HookName.of(0, Z), 5, Selection.all(), Selection.all()).build()));
        assertMessage("has 3 layers", () -> run(clean, HookFilter.none(),
                PatchPlan.builder().zero(HookName.of(3, Z), 0, Selection.all(), Selection.all()).build()));
        assertMessage("expected [48]", () -> run(clean, HookFilter.none(),
                PatchPlan.builder().setValue(HookName.of(0, RESID_PRE), 0, Selection.all(), Selection.all(), FloatTensor.zeros(47)).build()));
        assertMessage("position index 99", () -> run(clean, HookFilter.none(),
                PatchPlan.builder().zero(HookName.of(0, RESID_PRE), 0, Selection.of(99), Selection.all()).build()));
        assertMessage("not in the cache", () -> run(clean, HookFilter.none(),
                PatchPlan.builder().set(HookName.of(0, Z), 0, Selection.all(), Selection.all(), run(corrupt, HookFilter.none(), PatchPlan.empty()).cache(), 0).build()));
        assertMessage("unknown hook point", () -> HookName.parse("blocks.0.attn.hook_zz"));
    }

    @Test
    void batchCompositionDoesNotChangeAPromptsResults() {
        Batch together = lm.tokenize(List.of("a", "When Mary and John went to the store", "xyz!"), true);
        try (ForwardResult all = run(together, HookFilter.none(), PatchPlan.empty())) {
            for (int p = 0; p < 3; p++) {
                try (ForwardResult alone = run(Batch.of(together.tokens()[p]), HookFilter.none(), PatchPlan.empty())) {
                    assertArrayEquals(alone.lastLogits(0), all.lastLogits(p), "bit for bit, whatever the batch");
                }
            }
        }
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        CircuitLensException ex = assertThrows(CircuitLensException.class, e);
        assertTrue(ex.getMessage().contains(part), "message '" + ex.getMessage() + "' should contain '" + part + "'");
        assertFalse(ex.getMessage().contains("\n"), "one-line message");
    }

    static float sumRow(FloatTensor pattern, int head, int query) {
        float s = 0;
        for (int k = 0; k < pattern.dim(2); k++) s += pattern.get(head, query, k);
        return s;
    }

    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        double d = maxDiff(expected, actual);
        assertTrue(d <= tol, "max difference " + d + " > " + tol);
    }
}
