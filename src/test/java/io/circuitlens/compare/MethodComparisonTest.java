package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.RunRecord;

import io.circuitlens.circuit.Direction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** One kind compared on constructed tables: per-prompt versus averaged correlations, overlaps, truth, orientation. */
class MethodComparisonTest {
    static ComponentScores heads(int prompts, int layers, int width, float... v) {
        return new ComponentScores(ComponentKind.HEADS, prompts, layers, width, v);
    }

    @Test
    void perPromptAndAveragedCorrelationsAreSeparateQuestions() {
        // each prompt: b = 2a + 1 (perfect agreement), but the prompt means are all 3.5: nothing to correlate
        ComponentScores a = heads(2, 2, 3, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1);
        ComponentScores b = heads(2, 2, 3, 3, 5, 7, 9, 11, 13, 13, 11, 9, 7, 5, 3);
        KindComparison c = MethodComparison.compare(a, b, 0, 3, null, 0.1);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, c.perPrompt()[0][i], 1e-12);
            assertEquals(1, c.perPrompt()[1][i], 1e-12);
            assertEquals(1, c.perPromptSummary()[i].mean(), 1e-12);
            assertEquals(0, c.perPromptSummary()[i].std(), 1e-12);
            assertTrue(Double.isNaN(c.averaged()[i]));
        }
        assertArrayEquals(new int[] {5}, c.ks()); // 6 components: of 5, 10, 20, 50 only 5 fits
        assertEquals(3, c.outliers().size());
        assertNull(c.truth());
    }

    @Test
    void overlapsAndPrecisionRecallOnKnownSets() {
        // one prompt, 10 components; A's top 5 = {0..4}, B's = {0, 1, 2, 8, 9}
        ComponentScores a = heads(1, 2, 5, 10, -9, 8, 7, -6, 1, 0.5f, 0.4f, 0.3f, 0.2f);
        ComponentScores b = heads(1, 2, 5, 10, 9, -8, 0.1f, 0.1f, 0, 0, 0, 7, 6);
        // ground truth {0, 1, 8}: |effect| >= 0.1 * 4
        ComponentScores truth = heads(3, 2, 5, 4, 1, 0, 0, 0, 0, 0, 0, 1, 0,
                4, 1, 0, 0, 0, 0, 0, 0, 1, 0,
                4, 1, 0, 0, 0, 0, 0, 0, 1, 0);
        KindComparison c = MethodComparison.compare(a, b, 2, 10, truth, 0.1);
        assertArrayEquals(new int[] {2, 5, 10}, c.ks());
        assertEquals(1, c.jaccard()[0], 0); // {0, 1} both
        assertEquals(3.0 / 7, c.jaccard()[1], 1e-12); // 3 shared, union 7
        assertEquals(3, c.shared()[1]);
        assertEquals(1, c.jaccard()[2], 0);
        KindComparison.TruthScores t = c.truth();
        assertEquals(3, t.set().size());
        assertEquals(3, t.prompts());
        assertEquals(2.0 / 5, t.precisionA()[1], 1e-12); // {0, 1} of {0..4}
        assertEquals(2.0 / 3, t.recallA()[1], 1e-12);
        assertEquals(3.0 / 5, t.precisionB()[1], 1e-12); // {0, 1, 8}
        assertEquals(1, t.recallB()[1], 1e-12);
        assertEquals(1, t.precisionA()[0], 0);
        assertEquals(10, c.outliers().size());
    }

    @Test
    void differentDirectionsNegateTheNoisingFile() {
        RunRecord noising = run("ap", Direction.CLEAN_TO_CORRUPTED);
        RunRecord denoising = run("ap", Direction.CORRUPTED_TO_CLEAN);
        Orientation o = Orientation.of("A", denoising, "B", noising);
        assertFalse(o.negateA());
        assertTrue(o.negateB());
        assertTrue(o.note().contains("B (clean-to-corrupted) is negated"), o.note());
        Orientation same = Orientation.of("A", noising, "B", noising);
        assertFalse(same.negateA() || same.negateB());
        assertNull(same.note());
        Orientation unknown = Orientation.of("A", RunRecord.none(), "B", noising);
        assertFalse(unknown.negateA() || unknown.negateB());
        assertTrue(unknown.note().contains("no direction recorded for A"), unknown.note());
        ComponentScores t = heads(1, 1, 2, 1, -2);
        assertArrayEquals(new float[] {1, -2}, o.applyA(t).data());
        assertArrayEquals(new float[] {-1, 2}, o.applyB(t).data());
    }

    /**
     * An ablation table reads like noising (taking a component away lowers the metric), so compared with a denoising
     * run it is the one negated — the same rule faithfulness and curves use to sign its scores.
     */
    @Test
    void anAblationTableComparedWithADenoisingRunIsNegated() {
        RunRecord ablation = RunRecord.of("ablation-table").put("method", RunRecord.ABLATION).put("metric", "logit-diff");
        RunRecord denoising = run("ig", Direction.CORRUPTED_TO_CLEAN);
        Orientation o = Orientation.of("A", ablation, "B", denoising);
        assertTrue(o.negateA());
        assertFalse(o.negateB());
        assertTrue(o.note().contains("A (an ablation table) is negated"), o.note());
        assertEquals(RunRecord.Orientation.NEEDS, ablation.orientation());
        // and the importance of the same file is negated too: one rule in both places
        ComponentScores t = heads(1, 1, 2, 1, -2);
        var file = new io.circuitlens.circuit.ScoreFile(java.nio.file.Path.of("table.safetensors"), ablation,
                java.util.Map.of(io.circuitlens.circuit.ComponentKind.HEADS, t), null, null);
        var imp = file.importance(io.circuitlens.circuit.ScoreFile.Sign.AUTO);
        assertEquals(-1, imp.sign());
        assertEquals(2.0, imp.signed(io.circuitlens.circuit.Component.head(0, 1)), 1e-12);
    }

    private static RunRecord run(String method, Direction d) {
        return RunRecord.of("attribute").put("method", method).put("direction", d.label()).put("metric", "logit-diff");
    }
}
