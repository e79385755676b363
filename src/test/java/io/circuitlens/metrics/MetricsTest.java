package io.circuitlens.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import org.junit.jupiter.api.Test;

/** Names, factories and the errors a user can cause. */
class MetricsTest {
    @Test
    void everyMetricReportsItsListedName() {
        var metrics = MetricFixtures.all(37, new java.util.Random(1));
        assertEquals(Metrics.NAMES, metrics.stream().map(MetricFixtures.Case::name).toList());
        for (var m : metrics) assertEquals(MetricFixtures.PROMPTS, m.metric().prompts());
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
        assertEquals("kl-mean", Metrics.kl("kl-mean", 1).name());
        assertTrue(Metrics.kl("kl", 1).needsReference());
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
        var e = assertThrows(CircuitLensException.class, () -> m.spec(37, null));
        assertTrue(e.getMessage().contains("prompt 1") && e.getMessage().contains("40"), e.getMessage());
    }

    @Test
    void shapeErrorsAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> new KlDivergence(1, false).spec(37, null)); // no reference
        assertThrows(IllegalArgumentException.class, () -> new LogitDiff(new int[2], new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new GreaterThanProb(new int[] {3}, new int[99]));
    }

    @Test
    void startYearMustBeTwoDigits() {
        var e = assertThrows(CircuitLensException.class, () -> new GreaterThanLogit(new int[] {3, 100}, new int[100]));
        assertTrue(e.getMessage().contains("prompt 1"), e.getMessage());
    }
}
