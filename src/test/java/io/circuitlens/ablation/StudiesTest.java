package io.circuitlens.ablation;

import io.circuitlens.circuit.Component;
import io.circuitlens.runs.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.circuitlens.ablation.Close.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/** Cumulative curves, greedy pruning, faithfulness and single-ablation tables on a tiny model. */
class StudiesTest {
    @TempDir
    static Path tmp;
    static EvalModel m;

    @BeforeAll
    static void open() {
        m = EvalModel.create(tmp.resolve("m"));
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void theCurvesLastStepIsEverythingAblatedAndItsFirstTheFullModel() {
        List<Component> order = new ArrayList<>(m.heads());
        java.util.Collections.reverse(order);
        order.add(2, m.c("m1.3"));
        try (Ablator a = m.ablator(Ablation.MEAN)) {
            AblationCurve curve = CumulativeAblation.run(a, order, 4, Progress.NONE);
            assertArrayEquals(new int[] {0, 4, 8, 9}, curve.steps());
            assertArrayEquals(a.metricClean(), curve.metric()[0]);
            assertClose(a.ablate(order), curve.metric()[3], 1e-5, "last step");
            assertClose(a.ablate(order.subList(0, 4)), curve.metric()[1], 1e-5, "step 4");
            assertEquals(Stats.of(curve.metric()[2]).mean(), curve.means()[2], 0);
        }
    }

    @Test
    void greedyPruningFirstRemovesTheComponentWhoseSingleAblationHurtsLeast() {
        List<Component> candidates = m.heads();
        try (Ablator a = m.ablator(Ablation.MEAN)) {
            float[][] single = SingleAblations.run(a, candidates, Progress.NONE);
            int best = 0;
            for (int i = 1; i < candidates.size(); i++) if (Stats.mean(single[i]) > Stats.mean(single[best])) best = i;
            GreedyPruning.Result r = GreedyPruning.run(a, candidates, Double.NaN, 0, Progress.NONE);
            assertEquals(candidates.get(best), r.removed().getFirst());
            assertEquals(candidates.size(), r.removed().size());
            assertEquals("every candidate removed", r.stop());
            assertTrue(r.kept().isEmpty());
            // round 0's candidate means are the single ablations; the last curve point is everything removed
            double full = Stats.mean(a.metricClean());
            for (int i = 0; i < candidates.size(); i++) assertEquals(full + Stats.mean(single[i]), r.candidateMeans()[0][i], 1e-5);
            assertClose(a.ablate(candidates), r.curve().metric()[candidates.size()], 1e-5, "all removed");
            // each round removes the candidate with the highest mean, and the curve records that candidate's rows
            for (int k = 0; k < r.removed().size(); k++) {
                double[] round = r.candidateMeans()[k];
                int chosen = candidates.indexOf(r.removed().get(k));
                for (double v : round) assertTrue(Double.isNaN(v) || v <= round[chosen]);
                assertEquals(round[chosen], Stats.mean(r.curve().metric()[k + 1]), 1e-9);
                assertClose(a.ablate(r.removed().subList(0, k + 1)), r.curve().metric()[k + 1], 1e-5, "round " + k);
            }
        }
    }

    @Test
    void greedyPruningStopsAtTheThresholdOrTheStepLimit() throws java.io.IOException {
        try (Ablator a = m.ablator(Ablation.ZERO)) {
            GreedyPruning.Result limited = GreedyPruning.run(a, m.heads(), Double.NaN, 3, Progress.NONE);
            assertEquals(3, limited.removed().size());
            assertEquals(5, limited.kept().size());
            assertEquals("max steps reached", limited.stop());
            assertClose(a.ablate(m.heads()), limited.metricEmpty(), 1e-6, "m(empty): every candidate ablated");
        }
        // the same pairs with the answers swapped: the full model is above the all-ablated one in exactly one of the two
        Path swapped = SwappedPairs.write(EvalModel.PAIRS, 4, tmp.resolve("swapped.csv"));
        try (EvalModel sw = EvalModel.open(tmp.resolve("m"), swapped, 0, true); Ablator a = m.ablator(Ablation.ZERO);
             Ablator b = sw.ablator(Ablation.ZERO)) {
            boolean originalKeeps = Stats.mean(a.metricClean()) > Stats.mean(a.ablate(m.heads()));
            Ablator keeps = originalKeeps ? a : b;
            Ablator loses = originalKeeps ? b : a;
            List<Component> heads = m.heads();
            var e = assertThrows(io.circuitlens.common.CircuitLensException.class, () -> GreedyPruning.run(loses, heads, 0.8, 0, Progress.NONE));
            assertTrue(e.getMessage().contains("there is no behaviour to keep (prune without a stop rule"), e.getMessage());

            double full = Stats.mean(keeps.metricClean());
            double empty = Stats.mean(keeps.ablate(heads));
            GreedyPruning.Result free = GreedyPruning.run(keeps, heads, Double.NaN, 0, Progress.NONE);
            double[] f = java.util.Arrays.stream(free.curve().means()).map(v -> (v - empty) / (full - empty)).toArray();
            assertEquals(1, f[0], 1e-9);
            assertEquals(0, f[f.length - 1], 1e-5);
            for (int i = 0; i < f.length; i++) assertEquals(f[i], free.faithfulness(free.curve().means()[i]), 1e-9);
            // a threshold between the free run's curve points: the thresholded run must stop right before the first drop
            // below everything before it, having made the same choices up to there
            int j = 0;
            double low = f[0];
            while (j + 1 < f.length && f[j + 1] >= low) low = Math.min(low, f[++j]);
            assertTrue(j + 1 < f.length, "the free curve drops somewhere");
            double threshold = (low + f[j + 1]) / 2;
            GreedyPruning.Result r = GreedyPruning.run(keeps, heads, threshold, 0, Progress.NONE);
            assertEquals(j, r.removed().size());
            assertEquals(free.removed().subList(0, j), r.removed());
            for (double v : r.curve().means()) assertTrue(r.faithfulness(v) >= threshold, "every accepted removal keeps the threshold");
            assertTrue(r.stop().contains("would bring the faithfulness to") && r.stop().endsWith("below " + threshold), r.stop());
            double[] next = r.candidateMeans()[j];
            for (double v : next) assertTrue(Double.isNaN(v) || r.faithfulness(v) < threshold, "the stopping round had no acceptable removal");
        }
    }

    @Test
    void faithfulnessIsZeroForTheEmptyCircuitAndOneForTheFullModel() {
        List<Component> comps = m.heads();
        try (Ablator a = m.ablator(Ablation.MEAN)) {
            float[][] single = SingleAblations.run(a, comps, Progress.NONE);
            java.util.Map<Component, Double> score = new java.util.HashMap<>();
            for (int i = 0; i < comps.size(); i++) score.put(comps.get(i), Stats.mean(single[i]));
            Faithfulness.Result r = Faithfulness.run(a, comps, c -> -score.get(c), c -> Math.abs(score.get(c)), Faithfulness.DEFAULT_K,
                    Progress.NONE);
            int last = r.kPercent().length - 1;
            assertEquals(0, r.kPercent()[0]);
            assertEquals(100, r.kPercent()[last]);
            assertEquals(0.0, r.fSigned()[0]);
            assertEquals(0.0, r.fAbs()[0]);
            assertEquals(1.0, r.fSigned()[last]);
            assertEquals(1.0, r.fAbs()[last]);
            assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 1, 2, 4, 8}, r.kept()); // ⌈k·8/100⌉
            assertArrayEquals(a.metricClean(), r.metricFull());
            assertClose(a.ablate(comps), r.metricEmpty(), 1e-5, "empty circuit");
            // the circuit of the top-2 heads by signed importance, measured on its own
            List<Component> top2 = r.orderSigned().subList(0, 2);
            List<Component> rest = comps.stream().filter(c -> !top2.contains(c)).toList();
            assertClose(a.ablate(rest), r.metricSigned()[8], 1e-5, "k = 20%");
            double[] x = java.util.Arrays.stream(r.kPercent()).map(k -> k / 100).toArray();
            assertEquals(Trapezoid.area(x, r.fSigned()), r.cpr(), 0);
            assertTrue(Double.isFinite(r.cmd()) && r.cmd() >= 0);
        }
    }

    @Test
    void singleAblationTablesAreLaidOutLikeAttributionScores() {
        List<Component> comps = List.of(m.c("1.2"), m.c("m0.7"));
        try (Ablator a = m.ablator(Ablation.ZERO)) {
            float[][] d = SingleAblations.run(a, comps, Progress.NONE);
            var t = SingleAblations.tensors(m.lm().config(), comps, d, m.task().size());
            assertArrayEquals(new int[] {4, 2, 4}, t.get("heads").shape());
            assertArrayEquals(new int[] {4, 2, 24}, t.get("neurons").shape());
            float[] full = a.metricClean();
            float[] ablated = a.ablate(List.of(m.c("1.2")));
            for (int p = 0; p < 4; p++) {
                assertEquals(ablated[p] - full[p], t.get("heads").get(p, 1, 2), 1e-5);
                assertEquals(0f, t.get("heads").get(p, 0, 2));
                assertEquals(d[1][p], t.get("neurons").get(p, 0, 7));
            }
        }
    }
}
