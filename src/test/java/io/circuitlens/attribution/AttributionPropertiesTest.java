package io.circuitlens.attribution;

import io.circuitlens.circuit.Direction;
import io.circuitlens.circuit.Granularity;

import io.circuitlens.runs.Progress;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.model.Patch;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.model.Selection;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The identities the methods must satisfy, on a tiny model with odd sizes (3 layers, 6 heads, d_model 48). */
class AttributionPropertiesTest {
    @TempDir
    static Path tmp;
    static AttributionTestModel model;
    static LoadedModel lm;
    static TaskPairs pairs;
    static Metric metric;

    @BeforeAll
    static void setUp() {
        model = AttributionTestModel.create(tmp.resolve("m"));
        lm = model.lm();
        pairs = model.pairs();
        metric = model.metric();
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    static Map<String, FloatTensor> run(Direction d, AttributionOptions opt) {
        return Attribution.run(model.setup(1 << 20), opt.withDirection(d), Progress.NONE);
    }

    static AttributionOptions ig(int steps, String rule) {
        return AttributionOptions.of(Method.IG, List.of(Granularity.HEADS, Granularity.NEURONS, Granularity.ATTN_OUT, Granularity.MLP_OUT))
                .withQuadrature(Quadrature.of(rule, steps));
    }

    @Test
    void igIsCompleteAndItsTargetIsTheWholeLayerPatch() {
        Map<String, FloatTensor> ig = run(Direction.CLEAN_TO_CORRUPTED, ig(50, "gauss-legendre"));
        Map<String, FloatTensor> ap = run(Direction.CLEAN_TO_CORRUPTED,
                AttributionOptions.of(Method.AP, List.of(Granularity.ATTN_OUT, Granularity.MLP_OUT)));
        int n = pairs.size();
        double worstRatio = 0;
        for (String[] kind : new String[][] {{"heads", "attn_out"}, {"neurons", "mlp_out"}}) {
            FloatTensor scores = ig.get(kind[0]);
            FloatTensor gaps = ig.get("completeness_gap_" + kind[0]);
            FloatTensor whole = ap.get(kind[1]);
            int comps = scores.dim(2);
            for (int p = 0; p < n; p++) {
                for (int l = 0; l < 3; l++) {
                    double sum = 0;
                    for (int c = 0; c < comps; c++) sum += scores.get(p, l, c);
                    double target = whole.get(p, l); // AP of the whole layer moved at once
                    assertEquals(target, sum - gaps.get(p, l), 2e-5 + 1e-4 * Math.abs(target), "target " + kind[0] + " p" + p + " L" + l);
                    assertTrue(Math.abs(gaps.get(p, l)) <= 1e-3 * Math.abs(target) + 2e-5,
                            "completeness gap " + gaps.get(p, l) + " vs target " + target);
                    worstRatio = Math.max(worstRatio, Math.abs(gaps.get(p, l)) / Math.max(1e-9, Math.abs(target)));
                }
            }
        }
        System.out.printf("IG (50 Gauss-Legendre steps): largest |completeness gap| / |target| = %.2g%n", worstRatio);
    }

    @Test
    void atpIsIgWithOneLeftRiemannStep() {
        List<Granularity> g = List.of(Granularity.HEADS, Granularity.NEURONS, Granularity.Q, Granularity.PATTERN, Granularity.RESID);
        for (Direction d : Direction.values()) {
            Map<String, FloatTensor> atp = run(d, AttributionOptions.of(Method.ATP, g));
            Map<String, FloatTensor> ig1 = run(d, AttributionOptions.of(Method.IG, g).withQuadrature(Quadrature.of("riemann-left", 1)));
            for (Granularity x : g) assertClose(atp.get(x.output()), ig1.get(x.output()), 1e-5, d + " " + x);
        }
    }

    @Test
    void batchedApEqualsOneAtATimeAp() {
        AttributionOptions opt = AttributionOptions.of(Method.AP, List.of(Granularity.HEADS, Granularity.NEURONS));
        opt = opt.withDirection(Direction.CORRUPTED_TO_CLEAN);
        Map<String, FloatTensor> batched = Attribution.run(model.setup(1 << 30), opt, Progress.NONE);
        Map<String, FloatTensor> single = Attribution.run(model.setup(1), opt, Progress.NONE); // one row per pass
        assertClose(single.get("heads"), batched.get("heads"), 1e-6, "heads");
        assertClose(single.get("neurons"), batched.get("neurons"), 1e-6, "neurons");
    }

    @Test
    void splitIgPartsAddUpToIg() {
        Map<String, FloatTensor> ig = run(Direction.CLEAN_TO_CORRUPTED, ig(20, "gauss-legendre"));
        AttributionOptions split = ig(20, "gauss-legendre");
        split = new AttributionOptions(Method.SPLIT_IG, Direction.CLEAN_TO_CORRUPTED, split.granularities(), split.quadrature(), 0.7,
                SplitRule.MINMAX, false, List.of(), false, null);
        Map<String, FloatTensor> s = run(Direction.CLEAN_TO_CORRUPTED, split);
        Map<String, FloatTensor> whole = run(Direction.CLEAN_TO_CORRUPTED, split.withSplit(1.0, SplitRule.ENDPOINTS));
        for (String k : List.of("heads", "neurons")) {
            FloatTensor left = s.get(k);
            FloatTensor right = s.get(k + "_right");
            FloatTensor sum = FloatTensor.zeros(left.shape());
            for (int i = 0; i < sum.data().length; i++) sum.data()[i] = left.data()[i] + right.data()[i];
            assertClose(ig.get(k), sum, 1e-6, k + ": left + right");
            assertClose(ig.get(k), whole.get(k), 0, k + ": r = 1 keeps all of IG on the left");
            for (float v : whole.get(k + "_right").data()) assertEquals(0f, v);
        }
    }

    @Test
    void igIsAntisymmetricWhenOnlyTheLayerDiffers() {
        // Build the case explicitly: "corrupted" = the clean run with layer 1's z replaced by the real corrupted z, so
        // both runs agree upstream of that hook and the two directions walk the same line in opposite ways.
        HookName z1 = HookName.of(1, HookType.Z);
        HookFilter keep = HookFilter.of("blocks.*.hook_resid_pre", "blocks.*.hook_resid_mid", "blocks.*.attn.hook_z");
        ActivationCache realCorrupt = lm.model().forward(pairs.corrupted(), ForwardOptions.lastLogits().withCache(keep)).detachCache();
        PatchPlan swap = PatchPlan.builder().set(z1, Patch.ALL_ROWS, Selection.all(), Selection.all(), realCorrupt, -1).build();
        FloatTensor[] scores = new FloatTensor[2];
        for (Direction d : Direction.values()) {
            // the "corrupted" prompts are the clean tokens: only the cached activations differ
            try (PatchedRuns engine = new PatchedRuns(lm.model(), metric, MemoryBudget.of(1 << 20));
                 BaseRuns runs = new BaseRuns(engine.run(pairs.clean(), keep, PatchPlan.empty(), true),
                         engine.run(pairs.clean(), keep, swap, false), null, d)) { // no prefix to reuse: the runs differ everywhere
                ScoreTable t = new ScoreTable(Granularity.HEADS, lm.config(), pairs.size(), 64);
                var opt = new IntegratedGradients.Options(Quadrature.of("gauss-legendre", 30), false, 1, SplitRule.ENDPOINTS, false, false);
                IntegratedGradients.layer(engine, runs, z1, List.of(t), List.of(new ScoreTable(Granularity.HEADS, lm.config(), pairs.size(), 64)),
                        List.of(FloatTensor.zeros(pairs.size(), 3)), null, null, null, opt, pairs.clean().lengths(), 64, Progress.NONE);
                scores[d.ordinal()] = t.tensor();
            }
        }
        double worst = 0;
        double scale = 0;
        for (int p = 0; p < pairs.size(); p++) {
            for (int h = 0; h < 6; h++) {
                worst = Math.max(worst, Math.abs(scores[0].get(p, 1, h) + scores[1].get(p, 1, h)));
                scale = Math.max(scale, Math.abs(scores[0].get(p, 1, h)));
            }
        }
        assertTrue(scale > 1e-3, "the swapped layer must matter");
        assertTrue(worst <= 1e-5 * Math.max(1, scale), "IG(c->x) + IG(x->c) = " + worst);
    }

    static void assertClose(FloatTensor expected, FloatTensor actual, double relTol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.data().length; i++) {
            scale = Math.max(scale, Math.abs(expected.data()[i]));
            diff = Math.max(diff, Math.abs(expected.data()[i] - actual.data()[i]));
        }
        assertTrue(diff <= relTol * Math.max(scale, 1e-6), what + ": differs by " + diff + " (largest score " + scale + ")");
    }
}
