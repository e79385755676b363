package io.circuitlens.tasks;

import io.circuitlens.kernels.cpu.MetricOnCpu;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** Each committed dataset loads for a make-tiny model with GPT-2's vocabulary: sizes, token ids and metrics. */
class TaskLoadingTest {
    @TempDir
    static Path dir;
    static LoadedModel model;

    static final Map<String, String> DEFAULT_METRIC = Map.of("ioi", "logit-diff", "gender-bias", "logit-diff",
            "greater-than", "greater-than-prob", "capital-country", "logit-diff", "sva", "prob-diff-multi",
            "hypernymy", "prob-diff-multi");

    @BeforeAll
    static void makeModel() {
        RealGpt2Vocab.folder();
        model = TinyGpt2.open(dir.resolve("tiny-gpt2"));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    static List<String> tasks() {
        return Tasks.NAMES;
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void builtinDatasetLoads(String task) {
        TaskPairs all = Tasks.load(task, null, model, 0, true, null);
        assertEquals(task, all.task());
        assertEquals(Generators.BUILTIN_ROWS.get(task), all.size());
        assertEquals(DEFAULT_METRIC.get(task), all.defaultMetric());
        assertEquals(DEFAULT_METRIC.get(task), all.metric(null).name());
        TaskPairs first = Tasks.load(task, null, model, 6, true, null);
        assertEquals(6, first.size());
        TaskPairs noBos = Tasks.load(task, null, model, 6, false, null);
        Gpt2Tokenizer tok = model.tokenizer();
        TaskCsv csv = TaskCsv.read(Path.of("datasets", task + ".csv"), task, 6);
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(tok.encode(csv.rows().get(i).text("clean"), true), first.clean().tokens()[i]);
            assertArrayEquals(tok.encode(csv.rows().get(i).text("corrupted"), true), first.corrupted().tokens()[i]);
            assertEquals(first.clean().length(i) - 1, noBos.clean().length(i));
            assertEquals(i + 1, first.row(i));
        }
        assertArrayEquals(first.clean().tokens()[3], all.head(6).clean().tokens()[3]);
    }

    @Test
    void ioiMetricsReadTheFilesIds() {
        TaskPairs ioi = Tasks.load("ioi", null, model, 4, true, null);
        TaskCsv csv = TaskCsv.read(Path.of("datasets", "ioi.csv"), "ioi", 4);
        float[][] logits = cleanLogits(ioi.clean(), model);
        Metric ld = ioi.metric("logit-diff");
        for (int p = 0; p < 4; p++) {
            int c = csv.rows().get(p).integer("correct_idx");
            int w = csv.rows().get(p).integer("incorrect_idx");
            assertEquals((double) logits[p][c] - logits[p][w], MetricOnCpu.row(ld, toDouble(logits[p]), p, null, null), 1e-5);
        }
        Metric kl = ioi.metric("kl");
        assertEquals(0, MetricOnCpu.row(kl, toDouble(logits[2]), 2, null, logits), 1e-9, "the clean run is its own reference");
    }

    @Test
    void ioiHardVariantUsesCorruptedHard() {
        TaskPairs hard = Tasks.load("ioi", null, model, 3, true, "hard");
        TaskCsv csv = TaskCsv.read(Path.of("datasets", "ioi.csv"), "ioi", 3);
        assertArrayEquals(model.tokenizer().encode(csv.rows().get(2).text("corrupted_hard"), true), hard.corrupted().tokens()[2]);
    }

    @Test
    void greaterThanNamesMapToItsMetrics() {
        TaskPairs gt = Tasks.load("greater-than", null, model, 3, true, null);
        assertEquals("greater-than-prob", gt.metric("prob-diff").name());
        assertEquals("greater-than-logit", gt.metric("logit-diff").name());
        assertEquals("kl-mean", gt.metric("kl-mean").name());
    }

    @Test
    void singleAnswerTasksAcceptMultiNames() {
        TaskPairs cc = Tasks.load("capital-country", null, model, 3, true, null);
        float[][] logits = cleanLogits(cc.clean(), model);
        for (int p = 0; p < 3; p++) {
            assertEquals(MetricOnCpu.row(cc.metric("logit-diff"), toDouble(logits[p]), p, null, null),
                    MetricOnCpu.row(cc.metric("logit-diff-multi"), toDouble(logits[p]), p, null, null), 1e-9);
        }
    }

    @Test
    void filterByMetricKeepsRowsAtOrAboveTheThreshold() {
        TaskPairs h = Tasks.load("hypernymy", null, model, 70, true, null); // more than one forward chunk
        Metric prob = h.metric("prob-diff");
        float[][] logits = cleanLogits(h.clean(), model);
        double[] values = IntStream.range(0, h.size()).mapToDouble(p -> MetricOnCpu.row(prob, toDouble(logits[p]), p, null, null)).toArray();
        double threshold = values[17];
        int[] expected = IntStream.range(0, h.size()).filter(p -> values[p] >= threshold).toArray();
        TaskPairs kept = h.filterByMetric(model.model(), MemoryBudget.of(1 << 30), threshold);
        assertArrayEquals(IntStream.of(expected).map(p -> p + 1).toArray(), kept.rows());
        assertEquals(h.size(), h.filterByMetric(model.model(), MemoryBudget.of(1 << 30), Double.NEGATIVE_INFINITY).size());
        assertEquals(0, h.filterByMetric(model.model(), MemoryBudget.of(1 << 30), Double.POSITIVE_INFINITY).size());
        // the kept pairs score as they did in the full set
        Metric keptProb = kept.metric("prob-diff");
        float[][] keptLogits = cleanLogits(kept.clean(), model);
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(values[expected[i]], MetricOnCpu.row(keptProb, toDouble(keptLogits[i]), i, null, null), 1e-6);
        }
    }

    @Test
    void pairsFilesFilterThroughTheDefaultView() {
        TaskPairs pairs = Tasks.loadPairs(Path.of("datasets", "ioi.csv"), model, 10, true); // ioi.csv is also a pairs file
        TaskPairs kept = pairs.filterByMetric(model.model(), MemoryBudget.of(1 << 30), 0.0);
        TaskPairs ioi = Tasks.load("ioi", null, model, 10, true, null);
        TaskPairs same = ioi.filterByMetric(model.model(), MemoryBudget.of(1 << 30), 0.0);
        assertEquals(same.size(), kept.size());
        try (ForwardResult r = model.model().forward(kept.clean(), ForwardOptions.lastLogits())) {
            Metric a = kept.metric("logit-diff");
            Metric b = same.metric("logit-diff");
            for (int i = 0; i < kept.size(); i++) {
                double[] l = toDouble(r.lastLogits(i));
                assertEquals(MetricOnCpu.row(b, l, i, null, null), MetricOnCpu.row(a, l, i, null, null), 1e-9);
            }
        }
        assertEquals(Math.min(2, kept.size()), kept.head(2).size());
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Next-token logits of the clean prompts, [prompts][vocab]. */
    static float[][] cleanLogits(io.circuitlens.model.Batch clean, LoadedModel model) {
        try (var r = model.model().forward(clean, io.circuitlens.model.ForwardOptions.lastLogits())) {
            float[][] out = new float[clean.size()][];
            for (int p = 0; p < clean.size(); p++) out[p] = r.lastLogits(p);
            return out;
        }
    }
}
