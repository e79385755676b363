package io.circuitlens.attribution;

import io.circuitlens.circuit.Granularity;
import io.circuitlens.circuit.Checkpoint;

import io.circuitlens.runs.RunSetup;
import io.circuitlens.runs.Progress;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** An interrupted run resumed from its checkpoint gives exactly the scores of an uninterrupted one. */
class ResumeTest {
    @TempDir
    static Path tmp;
    static AttributionTestModel model;

    @BeforeAll
    static void setUp() {
        model = AttributionTestModel.create(tmp.resolve("m"));
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    /** Keeps the last state in memory and fails after a given number of finished units, like a killed process. */
    static final class Crashing implements Checkpoint {
        final Set<String> done = new HashSet<>();
        final List<String> finishedNow = new ArrayList<>();
        Map<String, FloatTensor> state = new HashMap<>();
        final int crashAfter;

        Crashing(int crashAfter, Crashing previous) {
            this.crashAfter = crashAfter;
            if (previous != null) {
                done.addAll(previous.done);
                state = previous.state;
            }
        }

        @Override
        public Map<String, FloatTensor> restored() {
            return state;
        }

        @Override
        public boolean isDone(String unit) {
            return done.contains(unit);
        }

        @Override
        public void done(String unit, Map<String, FloatTensor> s) {
            done.add(unit);
            finishedNow.add(unit);
            state = s;
            if (finishedNow.size() == crashAfter) throw new IllegalStateException("killed");
        }
    }

    @Test
    void resumedRunsEqualUninterruptedOnes() {
        for (AttributionOptions opt : List.of(
                AttributionOptions.of(Method.AP, List.of(Granularity.HEADS, Granularity.NEURONS)),
                AttributionOptions.of(Method.SPLIT_IG, List.of(Granularity.HEADS, Granularity.NEURONS))
                        .withQuadrature(Quadrature.of("gauss-legendre", 6)).withPathCurves(true, List.of("1.2", "m0.3")))) {
            RunSetup setup = model.setup(1 << 20);
            Map<String, FloatTensor> whole = Attribution.run(setup, opt, Progress.NONE);
            Crashing first = new Crashing(2, null);
            assertThrows(IllegalStateException.class, () -> Attribution.run(setup, opt, Progress.NONE, first));
            Crashing second = new Crashing(-1, first);
            Map<String, FloatTensor> resumed = Attribution.run(setup, opt, Progress.NONE, second);
            assertTrue(second.finishedNow.stream().noneMatch(first.done::contains), "done units are not run again");
            assertEquals(whole.keySet(), resumed.keySet());
            for (String k : whole.keySet()) assertArrayEquals(whole.get(k).data(), resumed.get(k).data(), opt.method() + " " + k);
        }
    }
}
