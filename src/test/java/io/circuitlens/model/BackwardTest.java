package io.circuitlens.model;

import io.circuitlens.hub.LoadedModel;

import io.circuitlens.kernels.RowMap;

import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.circuitlens.model.HookType.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Activation gradients at every hook kind against central finite differences of the forward pass: for a random
 * direction v per prompt, Σ_rows ⟨grad, v⟩ must equal (m(h + εv) − m(h − εv)) / 2ε, the perturbation applied with an
 * additive patch. The forward is float32, so ε is chosen for float32 and the tolerance is relative (a missing or
 * wrong term in a backward kernel gives errors of order 1).
 */
class BackwardTest {
    @TempDir
    static Path tmp;
    static Kernels kernels;
    static LoadedModel lm;
    static Gpt2Model model;
    static Batch batch;
    static final int CORRECT = 'M';
    static final int INCORRECT = 'J';

    @BeforeAll
    static void setUp() {
        kernels = TestModels.cpu();
        lm = TestModels.open(TestModels.odd(), tmp.resolve("m"), kernels);
        model = lm.model();
        batch = lm.tokenize(List.of("When Mary and John went to", "The cat sat on"), true);
    }

    @AfterAll
    static void tearDown() {
        lm.close();
        kernels.close();
    }

    /** Σ_prompts logit[M] − logit[J] at the last token. */
    static double metric(ForwardResult r, int prompts) {
        double m = 0;
        for (int p = 0; p < prompts; p++) {
            float[] l = r.lastLogits(p);
            m += l[CORRECT] - l[INCORRECT];
        }
        return m;
    }

    static Buf dLogits(int prompts) {
        float[] g = new float[prompts * 257];
        for (int p = 0; p < prompts; p++) {
            g[p * 257 + CORRECT] = 1f;
            g[p * 257 + INCORRECT] = -1f;
        }
        return kernels.upload(g);
    }

    static FloatTensor direction(ActivationCache base, HookName h, int prompt, Random rng) {
        FloatTensor a = base.get(h, prompt);
        double scale = 0;
        for (float f : a.data()) if (Float.isFinite(f)) scale = Math.max(scale, Math.abs(f));
        FloatTensor v = FloatTensor.zeros(a.shape());
        for (int i = 0; i < v.data().length; i++) {
            v.data()[i] = Float.isFinite(a.data()[i]) ? (float) (rng.nextGaussian() * Math.max(scale, 1e-3)) : 0f;
        }
        return v;
    }

    static double finiteDifference(Batch b, ForwardOptions base, HookName h, List<FloatTensor> v, double eps) {
        double[] m = new double[2];
        for (int s = 0; s < 2; s++) {
            PatchPlan.Builder plan = PatchPlan.builder();
            for (Patch p : base.patches().patches()) plan.add(p);
            for (int p = 0; p < b.size(); p++) {
                plan.addValue(h, p, Selection.all(), Selection.all(), v.get(p), (float) (s == 0 ? eps : -eps));
            }
            try (ForwardResult r = model.forward(b, base.withPatches(plan.build()))) {
                m[s] = metric(r, b.size());
            }
        }
        return (m[0] - m[1]) / (2 * eps);
    }

    static double analytic(ActivationCache grads, HookName h, List<FloatTensor> v) {
        double sum = 0;
        for (int p = 0; p < v.size(); p++) {
            float[] g = grads.get(h, p).data();
            float[] d = v.get(p).data();
            for (int i = 0; i < g.length; i++) sum += (double) g[i] * d[i];
        }
        return sum;
    }

    /** Checks every hook of the model for one forward configuration. */
    static void checkAllHooks(Batch b, ForwardOptions opt, List<HookName> hooks) {
        Random rng = new Random(11);
        try (ForwardResult base = model.forward(b, opt.withCache(HookFilter.all()).forBackward());
             ActivationCache grads = model.backward(base, dLogits(b.size()), HookFilter.all(), null)) {
            List<String> failures = new ArrayList<>();
            double worst = 0;
            String worstHook = "";
            for (HookName h : hooks) {
                List<FloatTensor> v = new ArrayList<>();
                for (int p = 0; p < b.size(); p++) v.add(direction(base.cache(), h, p, rng));
                double a = analytic(grads, h, v);
                // Richardson extrapolation of two central differences cancels the ε² error term
                double fd1 = finiteDifference(b, opt, h, v, 8e-3);
                double fd2 = finiteDifference(b, opt, h, v, 4e-3);
                double fd = (4 * fd2 - fd1) / 3;
                double err = Math.abs(a - fd) / Math.max(1e-2, Math.abs(fd));
                if (err > worst) {
                    worst = err;
                    worstHook = h.toString();
                }
                if (err > 2e-3) failures.add(h + ": analytic " + a + " vs finite difference " + fd + " (rel " + err + ")");
            }
            System.out.printf("backward vs finite differences over %d hooks: worst relative error %.2g at %s%n", hooks.size(), worst, worstHook);
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    @Test
    void gradientsAtEveryHookMatchFiniteDifferences() {
        checkAllHooks(batch, ForwardOptions.lastLogits(), HookName.all(3));
    }

    @Test
    void gradientsFlowThroughPatchesAsTheirDefinitionSays() {
        // a partly interpolated head and a zeroed neuron: upstream gradients see (1 − alpha) and 0 through them
        ActivationCache src = model.forward(lm.tokenize(List.of("When Anna and Paul went to", "The dog ran up"), true),
                ForwardOptions.lastLogits().withCache(HookFilter.all())).cache();
        PatchPlan plan = PatchPlan.builder()
                .interpolate(HookName.of(1, Z), Patch.ALL_ROWS, Selection.all(), Selection.of(2, 4), src, -1, 0.3f)
                .interpolate(HookName.of(2, RESULT), 0, Selection.of(-1), Selection.of(1), src, -1, 0.6f)
                .zero(HookName.of(1, MLP_POST), Patch.ALL_ROWS, Selection.all(), Selection.of(5, 6, 7))
                .set(HookName.of(0, PATTERN), 1, Selection.of(3), Selection.all(), src, -1)
                .zero(HookName.of(2, MLP_IN), 0, Selection.all(), Selection.all())
                .build();
        List<HookName> hooks = List.of(HookName.of(0, RESID_PRE), HookName.of(0, V), HookName.of(0, ATTN_SCORES), HookName.of(1, RESID_MID),
                HookName.of(1, MLP_PRE), HookName.of(1, Q), HookName.of(2, Z), HookName.of(2, RESID_MID), HookName.of(2, RESID_PRE),
                HookName.of(EMBED));
        checkAllHooks(batch, ForwardOptions.lastLogits().withPatches(plan), hooks);
    }

    @Test
    void allLogitsModeBackwardMatchesLastMode() {
        try (ForwardResult last = model.forward(batch, ForwardOptions.lastLogits().forBackward());
             ForwardResult all = model.forward(batch, ForwardOptions.allLogits().forBackward());
             ActivationCache gLast = model.backward(last, dLogits(2), HookFilter.of("blocks.0.hook_resid_pre"), null)) {
            float[] g = new float[all.layout().rows() * 257];
            for (int p = 0; p < 2; p++) {
                g[all.layout().lastRow(p) * 257 + CORRECT] = 1f;
                g[all.layout().lastRow(p) * 257 + INCORRECT] = -1f;
            }
            try (ActivationCache gAll = model.backward(all, kernels.upload(g), HookFilter.of("blocks.0.hook_resid_pre"), null)) {
                for (int p = 0; p < 2; p++) {
                    assertArrayEquals(gLast.get("blocks.0.hook_resid_pre", p).data(), gAll.get("blocks.0.hook_resid_pre", p).data(), 1e-5f);
                }
            }
        }
    }

    @Test
    void startingAtALayerGivesTheSameLogitsAndGradients() {
        ActivationCache base = model.forward(batch, ForwardOptions.lastLogits().withCache(HookFilter.of("blocks.*.hook_resid_pre",
                "blocks.*.hook_resid_mid", "blocks.1.attn.hook_z", "blocks.1.mlp.hook_post"))).cache();
        HookFilter wanted = HookFilter.of("blocks.2.attn.hook_z", "blocks.1.mlp.hook_post");
        try (ForwardResult full = model.forward(batch, ForwardOptions.lastLogits().forBackward());
             ActivationCache gFull = model.backward(full, dLogits(2), wanted, null)) {
            // every entry point of layer 1: before attention, after the mix, before the MLP, after the GELU
            for (HookType at : StartPoint.ENTRIES) {
                StartPoint sp = new StartPoint(1, at, base, RowMap.listed(new int[] {0, 1}));
                try (ForwardResult part = model.forwardFrom(sp, ForwardOptions.lastLogits().forBackward());
                     ActivationCache gPart = model.backward(part, dLogits(2), wanted, HookName.of(1, MLP_POST))) {
                    for (int p = 0; p < 2; p++) {
                        assertArrayEquals(full.lastLogits(p), part.lastLogits(p), 1e-5f, at.suffix());
                        assertArrayEquals(gFull.get("blocks.2.attn.hook_z", p).data(), gPart.get("blocks.2.attn.hook_z", p).data(), 1e-5f);
                        assertArrayEquals(gFull.get("blocks.1.mlp.hook_post", p).data(), gPart.get("blocks.1.mlp.hook_post", p).data(), 1e-5f);
                    }
                }
            }
            // a pass that starts after the mix gives the gradient at the z it started from, and none below it
            try (ForwardResult part = model.forwardFrom(new StartPoint(1, Z, base, RowMap.listed(new int[] {0, 1})),
                    ForwardOptions.lastLogits().forBackward());
                 ActivationCache g = model.backward(part, dLogits(2), HookFilter.all(), null);
                 ActivationCache gFullZ = model.backward(full, dLogits(2), HookFilter.of("blocks.1.attn.hook_z"), null)) {
                for (int p = 0; p < 2; p++) assertArrayEquals(gFullZ.get("blocks.1.attn.hook_z", p).data(), g.get("blocks.1.attn.hook_z", p).data(), 1e-5f);
                assertFalse(g.contains(HookName.of(1, PATTERN)));
                assertFalse(g.contains(HookName.of(1, RESID_PRE)));
            }
        }
    }

    /** A start point loads only what is cached: a missing hook is a clear error, not a silent zero. */
    @Test
    void aStartAfterTheMixNeedsZInTheCache() {
        ActivationCache base = model.forward(batch, ForwardOptions.lastLogits().withCache(HookFilter.of("blocks.*.hook_resid_pre"))).cache();
        var e = assertThrows(io.circuitlens.common.CircuitLensException.class,
                () -> model.forwardFrom(new StartPoint(1, Z, base, RowMap.listed(new int[] {0, 1})), ForwardOptions.lastLogits()));
        assertTrue(e.getMessage().contains("blocks.1.attn.hook_z is not in the cache"), e.getMessage());
        assertEquals(4, StartPoint.stageFor(HookName.of(1, Z), base), "without z cached a head patch starts before the attention");
    }

    @Test
    void aPassStartedMidModelHasNoEmbeddingGradients() {
        ActivationCache base = model.forward(batch, ForwardOptions.lastLogits().withCache(HookFilter.of("blocks.0.hook_resid_mid"))).cache();
        StartPoint sp = new StartPoint(0, RESID_MID, base, RowMap.listed(new int[] {0, 1}));
        try (ForwardResult part = model.forwardFrom(sp, ForwardOptions.lastLogits().forBackward());
             ActivationCache g = model.backward(part, dLogits(2), HookFilter.all(), null)) {
            assertTrue(g.contains(HookName.of(0, RESID_MID)));
            assertFalse(g.contains(HookName.of(EMBED)));
            assertFalse(g.contains(HookName.of(0, RESID_PRE)));
        }
    }

    @Test
    void stopAtEndsTheBackwardThere() {
        try (ForwardResult f = model.forward(batch, ForwardOptions.lastLogits().forBackward());
             ActivationCache g = model.backward(f, dLogits(2), HookFilter.all(), HookName.of(2, ATTN_OUT))) {
            assertTrue(g.contains(HookName.of(2, ATTN_OUT)));
            assertTrue(g.contains(HookName.of(2, MLP_POST)));
            assertFalse(g.contains(HookName.of(2, Z)));
            assertFalse(g.contains(HookName.of(1, RESID_POST)));
        }
    }

    /**
     * A metric that reads only its answer tokens gets logits at those columns alone (a gathered slice of W_E): the same
     * logits as the full unembedding, and the same gradients through it.
     */
    @Test
    void logitsAtAnswerColumnsEqualTheFullRowAndBackpropagateTheSame() {
        int[] columns = {INCORRECT, CORRECT}; // in the order the engine asks: ascending ids
        HookFilter wanted = HookFilter.of("blocks.1.mlp.hook_post", "blocks.0.attn.hook_z");
        try (ForwardResult full = model.forward(batch, ForwardOptions.lastLogits().forBackward());
             ForwardResult cols = model.forward(batch, ForwardOptions.lastLogits().atColumns(columns).forBackward())) {
            for (int p = 0; p < 2; p++) {
                float[] f = full.lastLogits(p);
                float[] c = cols.lastLogits(p);
                assertEquals(2, c.length);
                assertEquals(f[INCORRECT], c[0], 1e-5f);
                assertEquals(f[CORRECT], c[1], 1e-5f);
            }
            Buf dColumns = kernels.upload(new float[] {-1f, 1f, -1f, 1f}); // d(logit[M] − logit[J]) per prompt
            try (ActivationCache gFull = model.backward(full, dLogits(2), wanted, null);
                 ActivationCache gCols = model.backward(cols, dColumns, wanted, null)) {
                for (int p = 0; p < 2; p++) {
                    for (String h : List.of("blocks.1.mlp.hook_post", "blocks.0.attn.hook_z")) {
                        assertArrayEquals(gFull.get(h, p).data(), gCols.get(h, p).data(), 1e-5f, h);
                    }
                }
            }
        }
    }
}
