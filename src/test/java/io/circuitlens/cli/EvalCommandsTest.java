package io.circuitlens.cli;

import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** ablate, curve, prune, faithfulness, ablation-table and export-circuit as a user runs them, on a tiny model. */
class EvalCommandsTest {
    @TempDir
    static Path tmp;
    static Path model;
    static final String PAIRS = "src/test/resources/fixtures/attribution/pairs.csv";

    @BeforeAll
    static void makeModel() {
        model = tmp.resolve("m");
        TinyModels.write(new TinyModelSpec(2, 3, 24, 16, 64, "byte", 4, DType.F32, false), model, null);
    }

    static String[] args(String out, String... extra) {
        String[] base = {"--model", model.toString(), "--data", PAIRS, "--limit", "3", "--quiet", "--threads", "2", "--out", tmp.resolve(out).toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    static CliTest.Result ok(CliTest.Result r) {
        assertEquals(0, r.code(), r.err() + r.out());
        return r;
    }

    @Test
    void ablateWritesTheMetricPerPromptAndPrintsMeansAndPrompts() {
        CliTest.Result r = ok(EvalCli.run(new AblateCommand(), args("ablate.safetensors", "--components", "1.2,m0.3", "--ablation", "resample")));
        assertTrue(r.out().contains("ablate resample of 2 components (1.2 m0.3) on 3 pairs, logit-diff"), r.out());
        assertTrue(r.out().contains("ablated") && r.out().contains("change") && r.out().contains("prompt"), r.out());
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("ablate.safetensors"))) {
            for (String k : new String[] {"metric_ablated", "metric_clean", "metric_corrupted", "lengths"}) {
                assertArrayEquals(new long[] {3}, f.info(k).shape(), k);
            }
            String run = f.metadata().get("run");
            for (String part : new String[] {"\"command\":\"ablate\"", "\"ablation\":\"resample\"", "\"components\":\"1.2,m0.3\"",
                    "\"data_sha256\":", "\"pairs\":3"}) {
                assertTrue(run.contains(part), run);
            }
        }
        // amplifying by 1 leaves the metric as it is
        ok(EvalCli.run(new AblateCommand(), args("x1.safetensors", "--components", "heads", "--ablation", "amplify", "--factor", "1")));
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("x1.safetensors"))) {
            assertArrayEquals(f.readFloats("metric_clean"), f.readFloats("metric_ablated"), 1e-4f);
            assertTrue(f.metadata().get("run").contains("\"factor\":1.0"));
        }
    }

    @Test
    void curveAndFaithfulnessReadAttributionScores() {
        Path scores = tmp.resolve("ap.safetensors");
        ok(CliTest.cli("attribute", "--model", model.toString(), "--data", PAIRS, "--limit", "3", "--method", "ap", "--quiet",
                "--out", scores.toString()));
        CliTest.Result c = ok(EvalCli.run(new CurveCommand(), args("curve.safetensors", "--scores", scores.toString(), "--stride", "4")));
        assertTrue(c.out().contains("noising (clean-to-corrupted) scores: lower = more important"), c.out());
        ok(EvalCli.run(new AblateCommand(), args("all.safetensors", "--components", "heads")));
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("curve.safetensors"));
             SafetensorsFile all = SafetensorsFile.open(tmp.resolve("all.safetensors"))) {
            assertArrayEquals(new long[] {0, 4, 6}, f.readLongs("steps"));
            assertArrayEquals(new long[] {3, 3}, f.info("curve").shape());
            assertArrayEquals(new long[] {6}, f.info("order_layer").shape());
            float[] curve = f.readFloats("curve");
            float[] ablated = all.readFloats("metric_ablated");
            float[] clean = all.readFloats("metric_clean");
            for (int p = 0; p < 3; p++) {
                assertEquals(clean[p], curve[p * 3], 1e-6, "step 0 is the full model");
                assertEquals(ablated[p], curve[p * 3 + 2], 1e-4, "the last step ablates every head");
            }
            // most-first by signed importance: importances never increase
            float[] imp = f.readFloats("order_importance");
            for (int i = 1; i < imp.length; i++) assertTrue(imp[i] <= imp[i - 1]);
        }
        CliTest.Result fr = ok(EvalCli.run(new FaithfulnessCommand(), args("faith.safetensors", "--scores", scores.toString(), "--k", "10,50")));
        assertTrue(fr.out().contains("CPR (area under f") && fr.out().contains("CMD (area under |1-f|"), fr.out());
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("faith.safetensors"))) {
            assertArrayEquals(new float[] {0, 10, 50, 100}, f.readFloats("k_percent"));
            assertArrayEquals(new long[] {0, 1, 3, 6}, f.readLongs("kept"));
            float[] fs = f.readFloats("f_signed");
            assertEquals(0f, fs[0]);
            assertEquals(1f, fs[3]);
            assertArrayEquals(new long[] {3, 4}, f.info("metric_abs").shape());
            assertArrayEquals(new long[0], f.info("cpr").shape());
            float x10 = 0.1f, x50 = 0.5f;
            double cpr = x10 * (fs[0] + fs[1]) / 2 + (x50 - x10) * (fs[1] + fs[2]) / 2 + (1 - x50) * (fs[2] + fs[3]) / 2;
            assertEquals(cpr, f.readFloats("cpr")[0], 1e-5);
        }
    }

    @Test
    void ablationTableIsComparableWithAttributionScores() {
        CliTest.Result r = ok(EvalCli.run(new AblationTableCommand(), args("table.safetensors", "--components", "heads,m1.5", "--ablation", "zero")));
        assertTrue(r.out().contains("largest changes by |mean|"), r.out());
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("table.safetensors"))) {
            assertArrayEquals(new long[] {3, 2, 3}, f.info("heads").shape());
            assertArrayEquals(new long[] {3, 2, 16}, f.info("neurons").shape());
            assertTrue(f.metadata().get("run").contains("\"method\":\"ablation\""));
        }
        // its scores drive a faithfulness run, read as "lower = more important"
        CliTest.Result fr = ok(EvalCli.run(new FaithfulnessCommand(), args("faith-table.safetensors", "--scores",
                tmp.resolve("table.safetensors").toString(), "--ablation", "zero")));
        assertTrue(fr.out().contains("ablation scores: lower = more important"), fr.out());
    }

    @Test
    void pruneThenExportReproducesTheMeanAblatedMetric() {
        CliTest.Result r = ok(EvalCli.run(new PruneCommand(), args("prune.safetensors", "--max-steps", "4", "--stop-below", "none")));
        assertTrue(r.out().contains("stopped: max steps reached") && r.out().contains("circuit: 2 of 6 candidates kept"), r.out());
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("prune.safetensors"))) {
            assertArrayEquals(new long[] {3, 5}, f.info("curve").shape());
            assertArrayEquals(new long[] {4, 6}, f.info("candidate_mean").shape());
            assertArrayEquals(new long[] {2, 3}, f.info("heads_removed").shape());
            float sum = 0;
            for (float v : f.readFloats("heads_removed")) sum += v;
            assertEquals(4f, sum);
            assertFalse(f.contains("neurons_removed"));
        }
        Path circuit = tmp.resolve("circuit");
        CliTest.Result e = ok(EvalCli.run(new ExportCircuitCommand(), "--model", model.toString(), "--data", PAIRS, "--limit", "3",
                "--prune", tmp.resolve("prune.safetensors").toString(), "--out", circuit.toString()));
        assertTrue(e.out().contains("removed 4 components"), e.out());
        assertTrue(e.out().contains(": OK"), e.out());
        for (String name : new String[] {"config.json", "model.safetensors", "vocab.json", "merges.txt", "circuit.safetensors"}) {
            assertTrue(Files.isRegularFile(circuit.resolve(name)), name);
        }
        // the exported folder is a model like any other; its metric is the pruning curve's last (mean-ablated) point
        ok(CliTest.cli("run", "--model", circuit.toString(), "--prompt", "hello"));
        try (SafetensorsFile c = SafetensorsFile.open(circuit.resolve("circuit.safetensors"));
             SafetensorsFile p = SafetensorsFile.open(tmp.resolve("prune.safetensors"))) {
            float[] exported = c.readFloats("metric_exported");
            float[] curve = p.readFloats("curve");
            for (int i = 0; i < 3; i++) assertEquals(curve[i * 5 + 4], exported[i], 1e-4);
        }
        // --keep names the circuit instead
        CliTest.Result k = ok(EvalCli.run(new ExportCircuitCommand(), "--model", model.toString(), "--data", PAIRS, "--limit", "3",
                "--keep", "0.1,m1.2", "--components", "heads,neurons", "--out", tmp.resolve("kept").toString()));
        assertTrue(k.out().contains("removed 36 components") && k.out().contains(": OK"), k.out());
    }

    @Test
    void pruneByDefaultKeepsTheSmallestCircuitWithEightyPercentFaithfulnessAndSaysWhy() throws java.io.IOException {
        // these pairs with the answers swapped: on this model the full logit difference is then above the all-ablated one
        Path swapped = io.circuitlens.ablation.SwappedPairs.write(Path.of(PAIRS), 3, tmp.resolve("swapped.csv"));
        String[] a = args("prune-default.safetensors");
        a[3] = swapped.toString();
        CliTest.Result r = ok(EvalCli.run(new PruneCommand(), a));
        assertTrue(r.out().contains("rule: each round removes the candidate whose ablation keeps the mean metric m highest; stop before "
                + "faithfulness f = (m - m(empty)) / (m(full) - m(empty)) would fall below 0.8"), r.out());
        assertTrue(r.out().contains("stopped: the next removal ("), r.out());
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("prune-default.safetensors"))) {
            double full = io.circuitlens.ablation.Stats.mean(f.readFloats("metric_clean"));
            double empty = io.circuitlens.ablation.Stats.mean(f.readFloats("metric_empty"));
            assertTrue(full > empty, full + " " + empty);
            float[] curve = f.readFloats("curve_mean");
            int removed = curve.length - 1;
            assertTrue(removed < 6, "some candidates are kept");
            for (float m : curve) assertTrue((m - empty) / (full - empty) >= 0.8 - 1e-6, "every step keeps 80%: " + m);
            float[] next = f.readFloats("candidate_mean");
            for (int c = removed * 6; c < (removed + 1) * 6; c++) {
                assertTrue(Float.isNaN(next[c]) || (next[c] - empty) / (full - empty) < 0.8, "the next removal would go below 80%");
            }
            assertTrue(r.out().contains("circuit: " + (6 - removed) + " of 6 candidates kept (f "), r.out());
            assertTrue(f.metadata().get("run").contains("\"stop_below\":0.8"), f.metadata().get("run"));
        }
        // where ablating every candidate does not lower the metric there is nothing to keep: said, not pruned to nothing
        CliTest.assertCleanError(EvalCli.run(new PruneCommand(), args("e.safetensors")), "there is no behaviour to keep (prune without a stop rule");
        CliTest.Result all = ok(EvalCli.run(new PruneCommand(), args("prune-all.safetensors", "--stop-below", "none")));
        assertTrue(all.out().contains("no faithfulness threshold (--stop-below none)") && all.out().contains("stopped: every candidate removed")
                && all.out().contains("circuit: 0 of 6 candidates kept"), all.out());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CliTest.assertCleanError(EvalCli.run(new AblateCommand(), args("e.safetensors", "--components", "1.2", "--ablation", "noise")),
                "--ablation: the ablation must be zero, mean, resample or amplify");
        CliTest.assertCleanError(EvalCli.run(new AblateCommand(), args("e.safetensors", "--components", "2.0")), "component '2.0' does not exist");
        CliTest.assertCleanError(EvalCli.run(new CurveCommand(), args("e.safetensors", "--scores", tmp.resolve("none.safetensors").toString())),
                "file not found");
        CliTest.assertCleanError(EvalCli.run(new FaithfulnessCommand(), args("e.safetensors", "--scores", PAIRS, "--k", "150")), "[0, 100]");
        assertFalse(Files.exists(tmp.resolve("e.safetensors")));
    }
}
