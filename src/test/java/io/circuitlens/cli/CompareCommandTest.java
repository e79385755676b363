package io.circuitlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.io.SafetensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.circuitlens.cli.AnalysisCommands.oneLine;
import static io.circuitlens.cli.AnalysisCommands.scaled;
import static org.junit.jupiter.api.Assertions.*;

/** compare end to end on small hand-written results files. */
class CompareCommandTest {
    @TempDir
    static Path tmp;
    static Path a;
    static Path twiceA;
    static Path minusADenoising;
    static Path shortA;
    static Path headsOnly;

    // 3 prompts x 2 layers x 3 heads, and x 4 neurons
    static final int[] HEADS = {3, 2, 3};
    static final int[] NEURONS = {3, 2, 4};
    static final float[] H = {5, -1, 0.5f, 0, 2, -3, 4, -2, 0.2f, 0.1f, 1.5f, -2.5f, 6, 0, 1, 0.3f, 2.5f, -3.5f};
    static final float[] N = {1, 2, 3, 4, 5, 6, 7, 8, -1, 0, 2, 2, 3, -3, 0.5f, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    static final float[] CLEAN = {3, 4, 5};
    static final float[] CORRUPTED = {0, 1, -1};

    static CliTest.Result compare(String... args) {
        return AnalysisCommands.run(new CompareCommand(), args);
    }

    @BeforeAll
    static void files() {
        a = new AnalysisCommands.ResultsFile().run("ig", "clean-to-corrupted").tensor("heads", HEADS, H).tensor("neurons", NEURONS, N)
                .metrics(CLEAN, CORRUPTED).write(tmp.resolve("a.safetensors"));
        twiceA = new AnalysisCommands.ResultsFile().run("ap", "clean-to-corrupted").tensor("heads", HEADS, scaled(H, 2))
                .tensor("neurons", NEURONS, scaled(N, 2)).metrics(CLEAN, CORRUPTED).write(tmp.resolve("twice.safetensors"));
        minusADenoising = new AnalysisCommands.ResultsFile().run("ig", "corrupted-to-clean").tensor("heads", HEADS, scaled(H, -1))
                .metrics(CLEAN, CORRUPTED).write(tmp.resolve("minus.safetensors"));
        float[] twoPrompts = java.util.Arrays.copyOf(H, 12);
        shortA = new AnalysisCommands.ResultsFile().run("ig", "clean-to-corrupted").tensor("heads", new int[] {2, 2, 3}, twoPrompts)
                .write(tmp.resolve("short.safetensors"));
        headsOnly = new AnalysisCommands.ResultsFile().tensor("heads", HEADS, H).write(tmp.resolve("heads-only.safetensors"));
    }

    @Test
    void scoresThatDifferOnlyInScaleAgreeEverywhere() throws IOException {
        Path out = tmp.resolve("cmp.safetensors");
        Path json = tmp.resolve("cmp.json");
        CliTest.Result r = compare(a.toString(), twiceA.toString(), "--top-k", "3", "--out", out.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("A: " + a + " (ig, clean-to-corrupted, logit-diff)"), r.out());
        assertTrue(r.out().contains("heads: 3 prompts x 2 layers x 3 = 6 components"), r.out());
        assertTrue(r.out().contains("Kendall tau-b"), r.out());
        assertTrue(r.out().contains("wrote " + out), r.out());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            for (String k : new String[] {"heads", "neurons"}) {
                float[] avg = f.readFloats(k + ".correlation_averaged");
                for (float v : avg) assertEquals(1, v, 1e-6, k);
                assertArrayEquals(new long[] {3, 3}, f.info(k + ".correlation_per_prompt").shape());
                for (float v : f.readFloats(k + ".correlation_mean")) assertEquals(1, v, 1e-6, k);
                for (float v : f.readFloats(k + ".jaccard")) assertEquals(1, v, 0, k);
                assertArrayEquals(f.readFloats(k + ".scaled_a"), f.readFloats(k + ".scaled_b"), 1e-6f, k);
            }
            assertArrayEquals(new long[] {3, 5}, f.readLongs("heads.top_k"));
            assertArrayEquals(new long[] {3, 5}, f.readLongs("neurons.top_k"));
            assertArrayEquals(new long[] {6, 2}, f.info("heads.outliers").shape()); // 10 asked, 6 heads exist
            assertArrayEquals(new long[] {2, 3}, f.info("heads.scaled_a").shape());
            assertFalse(f.contains("heads.precision_a"));
            assertTrue(f.metadata().get("compare").contains("\"method\":\"ap\""));
        }
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals("ig", j.at("/a/method").asText());
        assertEquals(1, j.at("/heads/correlation_prompt_averaged/kendall_tau_b").asDouble(), 1e-9);
        assertEquals(3, j.at("/neurons/correlation_per_prompt/pearson/defined_prompts").asInt());
        assertEquals(3, j.at("/heads/top_k/0/k").asInt());
        assertEquals(0, j.at("/heads/outliers/0/disagreement").asDouble(), 1e-7);
    }

    @Test
    void oppositeDirectionsAreOrientedBeforeComparing() throws IOException {
        Path json = tmp.resolve("dir.json");
        CliTest.Result r = compare(a.toString(), minusADenoising.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("note: directions differ: A (clean-to-corrupted) is negated"), r.out());
        assertTrue(r.out().contains("note: 'neurons' is only in A; skipped"), r.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertTrue(j.at("/a/negated").asBoolean());
        assertEquals(1, j.at("/heads/correlation_prompt_averaged/pearson").asDouble(), 1e-9);
        assertTrue(j.at("/neurons").isMissingNode());
    }

    @Test
    void groundTruthGivesPrecisionAndRecall() {
        // ablation effects: only heads 0.0 and 1.1 (flat 0 and 4) matter; |mean| >= 0.1 x 4
        float[] effects = new float[18];
        for (int p = 0; p < 3; p++) {
            effects[p * 6] = -4;
            effects[p * 6 + 4] = 2;
            effects[p * 6 + 1] = 0.01f;
        }
        Path gt = new AnalysisCommands.ResultsFile().tensor("heads", HEADS, effects).write(tmp.resolve("gt.safetensors"));
        Path out = tmp.resolve("gt-cmp.safetensors");
        CliTest.Result r = compare(a.toString(), twiceA.toString(), "--ground-truth", gt.toString(), "--top-k", "2", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ground truth (" + gt + "): 2 components with |mean effect| >= 0.1 x the largest"), r.out());
        assertTrue(r.out().contains("note: the ground truth has no 'neurons' table"), r.out());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertArrayEquals(new long[] {1, 0, 0, 0, 1, 0}, f.readLongs("heads.ground_truth"));
            // prompt-averaged A = (5, -1, 0.567, 0.133, 2, -3): top 2 = flat 0 and 5, top 5 = 0, 5, 4, 1, 2
            assertArrayEquals(new float[] {0.5f, 0.4f}, f.readFloats("heads.precision_a"), 1e-6f);
            assertArrayEquals(new float[] {0.5f, 1f}, f.readFloats("heads.recall_a"), 1e-6f);
            assertArrayEquals(f.readFloats("heads.precision_a"), f.readFloats("heads.precision_b"), 0);
            assertFalse(f.contains("neurons.ground_truth"));
        }
    }

    @Test
    void mismatchedShapesAreAOneLineError() {
        CliTest.Result r = compare(a.toString(), shortA.toString(), "--components", "heads");
        assertEquals(1, r.code());
        assertTrue(oneLine(r.err()), r.err());
        assertTrue(r.err().contains("'heads' shapes differ: " + a + " has [3, 2, 3], " + shortA + " has [2, 2, 3]"), r.err());
    }

    @Test
    void badInputsAreOneLineErrors() {
        String[][] cases = {
                {a.toString(), headsOnly.toString(), "--components", "neurons"},
                {a.toString(), twiceA.toString(), "--components", "all"},
                {a.toString(), twiceA.toString(), "--top-k", "0"},
                {a.toString(), twiceA.toString(), "--gt-threshold", "1.5"},
                {a.toString(), tmp.resolve("missing.safetensors").toString()},
                {a.toString(), twiceA.toString(), "--ground-truth", minusADenoising.toString(), "--components", "neurons"},
        };
        String[] expected = {"no 'neurons' scores", "--components: component kinds must be heads, neurons or both", "--top-k must be at least 1",
                "--gt-threshold must be in (0, 1]", "file not found", "has no neurons table to use as ground truth"};
        for (int i = 0; i < cases.length; i++) {
            CliTest.Result r = compare(cases[i]);
            assertEquals(1, r.code(), String.join(" ", cases[i]));
            assertTrue(oneLine(r.err()), r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
        }
    }
}
