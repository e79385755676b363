package io.circuitlens.tasks;

import io.circuitlens.kernels.cpu.MetricOnCpu;
import io.circuitlens.metrics.Metric;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Files in the EAP-IG faithfulness layouts (hand-written samples in test resources) load with the same loaders as
 * ours, and each task's metric on hand-made logits gives the hand-computed value.
 */
class EapIgLayoutTest {
    static final Path DIR = Path.of("src/test/resources/tasks/eap-ig");
    static final double LOW = -1000; // exp(-1000) is 0 in double: a token with this logit has probability 0

    static TaskPairs load(String task, String file, String variant) {
        return Tasks.load(task, DIR.resolve(file), RealGpt2Vocab.tokenizer(), 1024, 0, true, variant);
    }

    static double[] logits(double fill) {
        double[] l = new double[RealGpt2Vocab.tokenizer().vocabSize()];
        Arrays.fill(l, fill);
        return l;
    }

    @Test
    void ioiWithPandasIndexColumnAndBothCorruptions() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        TaskPairs abc = load("ioi", "ioi.csv", null);
        TaskPairs hard = load("ioi", "ioi.csv", "hard");
        assertEquals(2, abc.size());
        assertArrayEquals(new int[] {1, 2}, abc.rows());
        assertArrayEquals(tok.encode("When Lucy and Frank walked to the bakery, Oscar handed a cake to", true), abc.corrupted().tokens()[0]);
        assertArrayEquals(tok.encode("When Lucy and Frank walked to the bakery, Lucy handed a cake to", true), hard.corrupted().tokens()[0]);
        assertArrayEquals(abc.clean().tokens()[1], hard.clean().tokens()[1]);
        Metric m = abc.metric(null);
        assertEquals("logit-diff", m.name());
        double[] l = logits(0);
        l[tok.singleToken(" Lucy")] = 2.5;
        l[tok.singleToken(" Frank")] = -0.5;
        assertEquals(3.0, MetricOnCpu.row(m, l, 0, null, null), 1e-12);
        double z = (l.length - 2) + Math.exp(2.5) + Math.exp(-0.5);
        assertEquals((Math.exp(2.5) - Math.exp(-0.5)) / z, MetricOnCpu.row(abc.metric("prob-diff"), l, 0, null, null), 1e-12);
    }

    @Test
    void genderBias() {
        TaskPairs g = load("gender-bias", "gender-bias.csv", null);
        assertEquals(3, g.size());
        double[] l = logits(0);
        l[673] = 1.25; // " she"
        l[339] = 0.5; // " he"
        Metric m = g.metric(null);
        assertEquals(-0.75, MetricOnCpu.row(m, l, 0, null, null), 1e-12, "male-stereotyped: he − she");
        assertEquals(0.75, MetricOnCpu.row(m, l, 1, null, null), 1e-12, "female-stereotyped: she − he");
    }

    @Test
    void greaterThanWithStartYear41() {
        // the sample's rows have YY 56 and 7; YY = 41 is checked through the same targets
        TaskPairs file = load("greater-than", "greater-than.csv", null);
        assertEquals(2, file.size());
        int[] years = StartYears.yearTokens(RealGpt2Vocab.tokenizer());
        StartYears targets = new StartYears(new int[] {41, 7}, years);
        double[] l = logits(LOW);
        for (int y = 0; y < 100; y++) l[years[y]] = 0; // each year has probability 1/100
        assertEquals(58 * 0.01 - 42 * 0.01, MetricOnCpu.row(targets.metric("greater-than-prob"), l, 0, null, null), 1e-12);
        assertEquals(MetricOnCpu.row(targets.metric("prob-diff"), l, 0, null, null), MetricOnCpu.row(targets.metric("greater-than-prob"), l, 0, null, null));
        for (int y = 0; y < 100; y++) l[years[y]] = y;
        // mean of 42..99 minus mean of 0..41
        assertEquals(70.5 - 20.5, MetricOnCpu.row(targets.metric("logit-diff"), l, 0, null, null), 1e-9);
        assertEquals("greater-than-logit", targets.metric("logit-diff").name());
        // the file's second row: YY = 7
        assertEquals(53.5 - 3.5, MetricOnCpu.row(file.metric("logit-diff"), l, 1, null, null), 1e-9);
        assertEquals("greater-than-prob", file.metric(null).name());
    }

    @Test
    void factRetrievalComma() {
        TaskPairs c = load("capital-country", "fact-retrieval-comma.csv", null);
        assertEquals(2, c.size());
        double[] l = logits(0);
        l[3340] = 4; // " Canada"
        l[4486] = 1; // " Germany"
        assertEquals(3, MetricOnCpu.row(c.metric(null), l, 1, null, null), 1e-12);
    }

    @Test
    void svaUsesTheVerbListSets() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        TaskPairs s = load("sva", "sva.csv", null);
        assertEquals(3, s.size());
        double[] l = logits(LOW);
        l[tok.singleToken(" are")] = Math.log(3);
        l[tok.singleToken(" is")] = 0;
        Metric m = s.metric(null);
        assertEquals("prob-diff-multi", m.name());
        assertEquals(0.5, MetricOnCpu.row(m, l, 0, null, null), 1e-12, "plural subject: P(plural verbs) − P(singular verbs)");
        assertEquals(-0.5, MetricOnCpu.row(m, l, 1, null, null), 1e-12, "singular subject: the other way round");
        double[] onlyAre = logits(0);
        onlyAre[tok.singleToken(" are")] = Math.log(3);
        assertEquals(Math.log(3), MetricOnCpu.row(s.metric("logit-diff"), onlyAre, 0, null, null), 1e-12,
                "logit-diff-multi: summed plural logits − summed singular logits");
    }

    @Test
    void hypernymyComma() {
        TaskPairs h = load("hypernymy", "hypernymy-comma.csv", null);
        assertEquals(2, h.size());
        double[] l = logits(LOW);
        l[5916] = 0; // " fish"
        l[49765] = 0; // " fishes"
        l[43463] = 0; // " footwear"
        assertEquals(1.0 / 3, MetricOnCpu.row(h.metric(null), l, 0, null, null), 1e-12);
        assertEquals(-1.0 / 3, MetricOnCpu.row(h.metric(null), l, 1, null, null), 1e-12);
    }
}
