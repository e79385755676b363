package io.circuitlens.compare;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Mean ± std over prompts, top-k sets and Jaccard, outliers, ground-truth precision/recall on constructed scores. */
class SummaryStatisticsTest {
    @Test
    void meanAndSampleStdSkipUndefinedValues() {
        MeanStd s = MeanStd.of(new double[] {1, Double.NaN, 2, 3, 4});
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-12); // squared deviations 2.25+0.25+0.25+2.25 = 5, over n-1 = 3
        assertEquals(4, s.count());
        assertTrue(Double.isNaN(MeanStd.of(new double[] {0.3}).std()));
        assertEquals(0, MeanStd.of(new double[] {Double.NaN}).count());
    }

    @Test
    void topSetsRankByAbsoluteValueWithTiesToTheLowerIndex() {
        double[] v = {0.1, -3, 2, -2, 0};
        assertArrayEquals(new int[] {1, 2, 3}, TopSets.topByAbs(v, 3));
        assertArrayEquals(new int[] {1, 2, 3, 0, 4}, TopSets.topByAbs(v, 10));
        assertEquals(0.5, TopSets.jaccard(new int[] {1, 2, 3}, new int[] {2, 3, 4}), 1e-12); // 2 shared of 4
        assertEquals(1, TopSets.jaccard(new int[] {3, 1}, new int[] {1, 3}), 1e-12);
        assertEquals(0, TopSets.jaccard(new int[] {0}, new int[] {1}), 1e-12);
        assertEquals(2, TopSets.shared(new int[] {1, 2, 3}, new int[] {2, 3, 4}));
    }

    @Test
    void reportedKsDropSizesAboveTheComponentCount() {
        assertArrayEquals(new int[] {5, 10, 20, 50}, TopSets.ks(MethodComparison.DEFAULT_KS, 0, 144));
        assertArrayEquals(new int[] {5, 7, 10, 20}, TopSets.ks(MethodComparison.DEFAULT_KS, 7, 30));
        assertArrayEquals(new int[] {5, 10, 20, 50}, TopSets.ks(MethodComparison.DEFAULT_KS, 10, 144));
        assertArrayEquals(new int[] {3}, TopSets.ks(MethodComparison.DEFAULT_KS, 0, 3));
    }

    @Test
    void outliersCompareSharesOfEachMethodsTotal() {
        // a / sum|a| = (.5, -.25, .25, 0); b / sum|b| = (.5, -.5, 0, 0): component 0 agrees although b is 5x a
        double[] a = {2, -1, 1, 0};
        double[] b = {10, -10, 0, 0};
        assertArrayEquals(new double[] {0.5, -0.25, 0.25, 0}, Outliers.scaleByTotal(a), 1e-12);
        List<Outliers.Outlier> top = Outliers.top(a, b, 3);
        assertEquals(List.of(1, 2, 0), top.stream().map(Outliers.Outlier::index).toList()); // gaps .25, .25, 0
        Outliers.Outlier first = top.getFirst();
        assertEquals(-1, first.a(), 0);
        assertEquals(-10, first.b(), 0);
        assertEquals(-0.25, first.scaledA(), 1e-12);
        assertEquals(-0.5, first.scaledB(), 1e-12);
        assertEquals(0.25, first.disagreement(), 1e-12);
        assertArrayEquals(new double[] {0, 0}, Outliers.scaleByTotal(new double[] {0, 0}), 0);
    }

    @Test
    void groundTruthSetIsAThresholdOnTheLargestEffect() {
        GroundTruth g = GroundTruth.of(new double[] {-1.0, 0.5, 0.05, 0.2, 0}, 0.1);
        assertArrayEquals(new boolean[] {true, true, false, true, false}, g.member());
        assertEquals(3, g.size());
        assertEquals(0.1, g.threshold(), 1e-12);
        assertEquals(0.5, g.precision(new int[] {0, 2}), 1e-12);
        assertEquals(1.0 / 3, g.recall(new int[] {0, 2}), 1e-12);
        assertEquals(1, g.precision(new int[] {3, 1, 0}), 1e-12);
        assertEquals(1, g.recall(new int[] {3, 1, 0}), 1e-12);
        GroundTruth none = GroundTruth.of(new double[] {0, 0}, 0.1);
        assertEquals(0, none.size());
        assertTrue(Double.isNaN(none.recall(new int[] {0})));
        assertEquals(0, none.precision(new int[] {0}), 0);
    }
}
