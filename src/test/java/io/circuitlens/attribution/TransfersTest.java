package io.circuitlens.attribution;

import io.circuitlens.circuit.Granularity;

import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tasks.Tasks;
import io.circuitlens.kernels.CountingKernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.metrics.Metric;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What crosses between host and backend: a batched pass moves only its [rows] metric values and the [rows, units]
 * scores a method asks for — never logits or activations. Counted by a backend that wraps the CPU one (the bytes a
 * device backend would transfer); the byte vocabulary (257 tokens) already makes shipped logits dominate.
 */
class TransfersTest {
    @TempDir
    static Path tmp;

    @Test
    void anIntegratedGradientsLayerMovesOnlyMetricValuesAndScores() {
        TinyModels.write(new TinyModelSpec(3, 6, 48, 100, 64, "byte", 7, DType.F32, false), tmp.resolve("m"), null);
        CountingKernels counting = new CountingKernels(new CpuKernels(new Parallel(2)));
        try (LoadedModel lm = LoadedModel.open(tmp.resolve("m").toString(), counting.kernels)) {
            TaskPairs pairs = Tasks.loadPairs(Path.of("src/test/resources/fixtures/attribution/pairs.csv"), lm, 3, true);
            Metric metric = pairs.metric("logit-diff");
            RunSetup setup = new RunSetup(lm.model(), pairs.clean(), pairs.corrupted(), metric, MemoryBudget.of(1 << 30));
            int steps = 20;
            int n = pairs.size();
            long rows = (long) (steps + 1) * n; // every step of every prompt, and the α = 1 rows
            int units = lm.config().nHeads();
            long[] moved = new long[3];
            for (int layers = 1; layers <= 2; layers++) {
                int[] which = layers == 1 ? new int[] {1} : new int[] {1, 2};
                AttributionOptions opt = AttributionOptions.of(Method.IG, List.of(Granularity.HEADS))
                        .withQuadrature(Quadrature.of("gauss-legendre", steps)).withLayers(which);
                long before = counting.moved();
                long live = counting.liveBuffers.get();
                Attribution.run(setup, opt, Progress.NONE);
                moved[layers] = counting.moved() - before;
                assertEquals(live, counting.liveBuffers.get(), "every buffer the job allocated is released");
            }
            long perLayer = moved[2] - moved[1];
            long bound = rows * units * 4 + rows * 8 + 1024;
            long logitsBothWays = rows * lm.config().dVocab() * 4L * 2;
            System.out.printf("IG layer (%d rows x %d heads): %d bytes moved (bound %d; shipping logits and dLogits would be %d)%n",
                    rows, units, perLayer, bound, logitsBothWays);
            assertTrue(perLayer > 0 && perLayer <= bound, perLayer + " bytes per IG layer, bound " + bound);
        }
    }

    @Test
    void activationPatchingDownloadsOneValuePerRow() {
        TinyModels.write(new TinyModelSpec(2, 4, 32, 24, 64, "byte", 3, DType.F32, false), tmp.resolve("ap"), null);
        CountingKernels counting = new CountingKernels(new CpuKernels(new Parallel(2)));
        try (LoadedModel lm = LoadedModel.open(tmp.resolve("ap").toString(), counting.kernels)) {
            TaskPairs pairs = Tasks.loadPairs(Path.of("src/test/resources/fixtures/attribution/pairs.csv"), lm, 3, true);
            Metric metric = pairs.metric("logit-diff");
            RunSetup setup = new RunSetup(lm.model(), pairs.clean(), pairs.corrupted(), metric, MemoryBudget.of(1 << 30));
            long[] down = new long[3];
            for (int layers = 1; layers <= 2; layers++) {
                long before = counting.downloaded.get();
                Attribution.run(setup, AttributionOptions.of(Method.AP, List.of(Granularity.NEURONS))
                        .withLayers(layers == 1 ? new int[] {0} : new int[] {0, 1}), Progress.NONE);
                down[layers] = counting.downloaded.get() - before;
            }
            long rows = (long) pairs.size() * lm.config().dMlp(); // one row per (prompt, neuron) of a layer
            assertEquals(rows * 4, down[2] - down[1], "a layer of AP downloads exactly its metric values");
        }
    }
}
