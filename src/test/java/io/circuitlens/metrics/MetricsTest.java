package io.circuitlens.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.CircuitLensException;
import io.circuitlens.model.TinyModelSpec;
import io.circuitlens.model.TinyModels;
import io.circuitlens.tensor.DType;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, factories and the errors a user can cause. */
class MetricsTest {
    @Test
    void everyMetricReportsItsListedName() {
        var metrics = MetricFixtures.all(37, new java.util.Random(1));
        assertEquals(Metrics.NAMES, metrics.stream().map(Metric::name).toList());
        for (Metric m : metrics) assertEquals(MetricFixtures.PROMPTS, m.prompts());
    }

    @Test
    void factoriesByName() {
        int[] a = {1};
        int[] b = {2};
        assertInstanceOf(LogitDiff.class, Metrics.answerDiff("logit-diff", a, b));
        assertInstanceOf(ProbDiff.class, Metrics.answerDiff("prob-diff", a, b));
        assertInstanceOf(LogitDiffMulti.class, Metrics.answerSetDiff("logit-diff-multi", new int[][] {a}, new int[][] {b}));
        assertInstanceOf(ProbDiffMulti.class, Metrics.answerSetDiff("prob-diff", new int[][] {a}, new int[][] {b}));
        int[] years = new int[100];
        assertInstanceOf(GreaterThanProb.class, Metrics.greaterThan("greater-than-prob", new int[] {5}, years));
        assertInstanceOf(GreaterThanLogit.class, Metrics.greaterThan("greater-than-logit", new int[] {5}, years));
        assertEquals("kl-mean", Metrics.kl("kl-mean", new float[][] {{0, 1}}).name());
    }

    @Test
    void unknownOrMismatchedNames() {
        var unknown = assertThrows(CircuitLensException.class, () -> Metrics.checkName("logitdiff"));
        assertTrue(unknown.getMessage().contains("logit-diff, prob-diff"), unknown.getMessage());
        var wrong = assertThrows(CircuitLensException.class, () -> Metrics.answerDiff("kl", new int[1], new int[1]));
        assertTrue(wrong.getMessage().contains("'kl'"), wrong.getMessage());
    }

    @Test
    void answerOutsideTheVocabularyNamesThePrompt() {
        Metric m = new LogitDiff(new int[] {1, 40}, new int[] {2, 3});
        var e = assertThrows(CircuitLensException.class,
                () -> m.evaluate(new float[2 * 37], 2, 37, new int[] {0, 1}, new float[2], null));
        assertTrue(e.getMessage().contains("prompt 1") && e.getMessage().contains("40"), e.getMessage());
    }

    @Test
    void shapeErrorsAreProgrammingErrors() {
        Metric m = new LogitDiff(new int[] {1}, new int[] {2});
        assertThrows(IllegalArgumentException.class,
                () -> m.evaluate(new float[2 * 37], 2, 37, new int[] {0, 1}, new float[2], null)); // no prompt 1
        assertThrows(IllegalArgumentException.class,
                () -> m.evaluate(new float[37], 2, 37, new int[] {0, 0}, new float[2], null)); // too few logits
        assertThrows(IllegalArgumentException.class,
                () -> m.evaluate(new float[74], 2, 37, new int[] {0, 0}, new float[2], new float[37])); // short grad
        assertThrows(IllegalArgumentException.class, () -> new LogitDiff(new int[2], new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new GreaterThanProb(new int[] {3}, new int[99]));
    }

    @Test
    void startYearMustBeTwoDigits() {
        var e = assertThrows(CircuitLensException.class, () -> new GreaterThanLogit(new int[] {3, 100}, new int[100]));
        assertTrue(e.getMessage().contains("prompt 1"), e.getMessage());
    }

    @Test
    void yearTokensNeedSingleTokenYears(@TempDir Path dir) {
        TinyModels.write(new TinyModelSpec(1, 2, 16, 64, 64, "byte", 0, DType.F32, false), dir, null);
        Gpt2Tokenizer byteVocab = Gpt2Tokenizer.fromModelFolder(dir);
        var e = assertThrows(CircuitLensException.class, () -> Metrics.yearTokens(byteVocab));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("\"00\" is 2 tokens"), e.getMessage());
    }
}
