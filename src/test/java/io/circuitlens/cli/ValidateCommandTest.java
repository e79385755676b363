package io.circuitlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.circuitlens.cli.AnalysisCommands.oneLine;
import static org.junit.jupiter.api.Assertions.*;

/** {@code circuitlens validate} end to end through Main on the committed known-circuit models, and its bad inputs. */
class ValidateCommandTest {
    static final String INDUCTION = "datasets/known-circuits/induction";
    static final String FACT = "datasets/known-circuits/fact";
    static final String IOI = "datasets/known-circuits/ioi";

    @TempDir
    Path tmp;

    private static CliTest.Result validate(String model, String truth, String... more) {
        List<String> args = new ArrayList<>(List.of("validate", "--model", model, "--data", model + "/pairs.csv", "--truth", truth,
                "--threads", "2", "--quiet"));
        args.addAll(List.of(more));
        return CliTest.cli(args.toArray(String[]::new));
    }

    @Test
    void printsTheTableAndWritesEveryNumberAsJson() throws Exception {
        Path out = tmp.resolve("v.json");
        CliTest.Result r = validate(INDUCTION, INDUCTION + "/truth.json", "--methods", "ap,atp", "--directions", "clean-to-corrupted",
                "--random", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String text = r.out();
        assertTrue(text.contains("k = 3 (the truth's size)"), text);
        assertTrue(text.contains("3 random circuits of its size"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("ap +clean-to-corrupted +1\\.000 +1\\.000 .*")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("atp +clean-to-corrupted +0\\.667 +0\\.667 .* 0\\.1:36 1\\.0:1 1\\.1:2")), text);
        JsonNode json = new ObjectMapper().readTree(Files.readString(out));
        assertEquals(2, json.get("runs").size());
        assertEquals(48, json.get("prompts").asInt());
        assertEquals(36, json.get("components").asInt());
        JsonNode ap = json.get("runs").get(0);
        assertEquals("ap", ap.get("method").asText());
        assertEquals(3, ap.get("k").asInt());
        assertEquals(1.0, ap.get("recall").asDouble());
        assertEquals(3, ap.get("worst_rank").asInt());
        assertEquals(1, ap.get("ranks").get("0.1").asInt());
        assertEquals(36, json.get("runs").get(1).get("ranks").get("0.1").asInt(), "AtP gives the previous-token head the wrong sign");
        assertEquals(3, json.get("random_circuits").get("each").size());
    }

    @Test
    void aTruthPerRowIsScoredPerPrompt() throws Exception {
        Path out = tmp.resolve("fact.json");
        CliTest.Result r = validate(FACT, FACT + "/truth.json", "--methods", "ap", "--directions", "clean-to-corrupted", "--random", "1",
                "--limit", "6", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("k = each prompt's truth size"), r.out());
        JsonNode ranks = new ObjectMapper().readTree(Files.readString(out)).get("runs").get(0).get("ranks");
        assertEquals(6, ranks.size(), "one ranking per prompt");
        assertEquals(1, ranks.get(0).get("row").asInt());
        assertTrue(ranks.get(0).get("ranks").has("m0.2"), ranks.toString()); // row 1's truth: m0.2 m1.24
        assertEquals(2, ranks.get(0).get("ranks").size(), ranks.toString());
    }

    @Test
    void badInputsAreOneLineErrorsNamingTheFile() throws Exception {
        Path unknown = Files.writeString(tmp.resolve("unknown.json"), "{\"heads\": [\"0.0\", {\"component\": \"2.1\"}]}");
        Path rows = Files.writeString(tmp.resolve("rows.json"), "{\"heads\": [], \"neurons_by_row\": [{\"row\": 1, \"neurons_at_least_share\": [\"m0.1\"]}]}");
        Path empty = Files.writeString(tmp.resolve("empty.json"), "{\"task\": \"x\", \"heads\": []}");
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"heads\": [\"0.1\",");
        Path missing = tmp.resolve("nowhere.json");
        String[][] cases = {
                {INDUCTION, missing.toString(), missing + ": file not found"},
                {INDUCTION, INDUCTION + "/pairs.csv", INDUCTION + "/pairs.csv: expected a JSON object"},
                {INDUCTION, broken.toString(), broken + ": not valid JSON ("},
                {INDUCTION, unknown.toString(), unknown + ": heads[1].component: component '2.1' does not exist: the model has 2 layers of 2 heads"},
                {FACT, IOI + "/truth.json", IOI + "/truth.json: the truth is for a model with n_layer=2 n_head=2 d_model=64 d_mlp=256 vocab=257, "
                        + "but the model has n_layer=2 n_head=2 d_model=64 d_mlp=32 vocab=257"},
                {FACT, rows.toString(), rows + ": no truth for data row 2 (it has rows 1-1)"},
                {FACT, empty.toString(), empty + ": the truth names no components"},
        };
        for (String[] c : cases) {
            CliTest.Result r = validate(c[0], c[1], "--methods", "atp", "--random", "1");
            assertEquals(1, r.code(), c[1]);
            assertTrue(oneLine(r.err()) && r.err().startsWith("circuitlens: " + c[2]), "expected '" + c[2] + "', got: " + r.err());
        }
        CliTest.Result bad = validate(INDUCTION, INDUCTION + "/truth.json", "--methods", "ap,eap");
        assertEquals(1, bad.code());
        assertEquals("circuitlens: --methods: the method must be ap, atp, ig or split-ig, got 'eap'", bad.err().strip());
        CliTest.Result dir = validate(INDUCTION, INDUCTION + "/truth.json", "--directions", "sideways");
        assertEquals(1, dir.code());
        assertEquals("circuitlens: --directions must be clean-to-corrupted, corrupted-to-clean or both, got 'sideways'", dir.err().strip());
    }
}
