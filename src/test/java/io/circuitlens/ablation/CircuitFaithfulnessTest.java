package io.circuitlens.ablation;

import io.circuitlens.circuit.Component;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.runs.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static io.circuitlens.ablation.Close.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/** Faithfulness of given circuits, one per prompt, against Faithfulness and against ablating each prompt's complement. */
class CircuitFaithfulnessTest {
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
    void oneCircuitForEveryPromptIsFaithfulnessOfThatCircuit() {
        List<Component> comps = m.heads(); // 8 heads; 25% keeps the top 2
        try (Ablator a = m.ablator(Ablation.MEAN)) {
            float[][] single = SingleAblations.run(a, comps, Progress.NONE);
            java.util.Map<Component, Double> score = new java.util.HashMap<>();
            for (int i = 0; i < comps.size(); i++) score.put(comps.get(i), Stats.mean(single[i]));
            Faithfulness.Result ranked = Faithfulness.run(a, comps, c -> -score.get(c), c -> Math.abs(score.get(c)), new double[] {25},
                    Progress.NONE);
            Set<Component> top2 = Set.copyOf(ranked.orderSigned().subList(0, 2));
            CircuitFaithfulness.Result r = CircuitFaithfulness.run(a, comps, List.of(Collections.nCopies(a.prompts(), top2)), Progress.NONE)
                    .getFirst();
            assertEquals(ranked.fSigned()[1], r.f(), 1e-12);
            assertArrayEquals(ranked.metricFull(), r.metricFull());
            assertArrayEquals(ranked.metricEmpty(), r.metricEmpty());
            assertArrayEquals(ranked.metricSigned()[1], r.metricCircuit());
        }
    }

    @Test
    void eachPromptKeepsItsOwnCircuit() {
        List<Component> scope = m.everything();
        try (Ablator a = m.ablator(Ablation.MEAN)) {
            int n = a.prompts();
            List<Set<Component>> circuits = new ArrayList<>();
            for (int p = 0; p < n; p++) circuits.add(Set.of(m.c("0." + p % 4), m.c("m1." + (3 * p) % 24), m.c("1.2")));
            List<CircuitFaithfulness.Result> rs = CircuitFaithfulness.run(a, scope, List.of(circuits, circuits.reversed()), Progress.NONE);
            double full = Stats.mean(a.metricClean());
            double empty = Stats.mean(a.ablate(scope));
            for (int b = 0; b < 2; b++) {
                List<Set<Component>> cs = b == 0 ? circuits : circuits.reversed();
                float[] expected = new float[n];
                for (int p = 0; p < n; p++) {
                    Set<Component> kept = cs.get(p);
                    expected[p] = a.ablate(scope.stream().filter(c -> !kept.contains(c)).toList())[p];
                }
                assertClose(expected, rs.get(b).metricCircuit(), 1e-5, "prompt p's metric with its own circuit kept");
                assertEquals((Stats.mean(expected) - empty) / (full - empty), rs.get(b).f(), 1e-5);
            }
        }
    }

    @Test
    void aCircuitMustLieInsideTheScope() {
        try (Ablator a = m.ablator(AblationSpec.of(Ablation.MEAN), EvalModel.LARGE, m.heads())) {
            List<Set<Component>> circuits = Collections.nCopies(a.prompts(), Set.of(m.c("m0.1")));
            var e = assertThrows(CircuitLensException.class, () -> CircuitFaithfulness.run(a, m.heads(), List.of(circuits), Progress.NONE));
            assertEquals("circuit component m0.1 is outside the ablated scope", e.getMessage());
        }
    }
}
