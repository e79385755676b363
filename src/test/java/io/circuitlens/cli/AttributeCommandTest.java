package io.circuitlens.cli;

import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** `attribute` as a user runs it: outputs, metadata, extra granularities, and one-line errors for bad data. */
class AttributeCommandTest {
    @TempDir
    static Path tmp;
    static Path model;
    static final Path PAIRS = Path.of("src/test/resources/fixtures/attribution/pairs.csv");

    @BeforeAll
    static void makeModel() {
        model = tmp.resolve("m");
        TinyModels.write(new TinyModelSpec(2, 3, 24, 40, 64, "byte", 2, DType.F32, false), model, null);
    }

    static CliTest.Result attribute(String... extra) {
        String[] base = {"attribute", "--model", model.toString(), "--quiet"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTest.cli(args);
    }

    @Test
    void writesEveryRequestedGranularityWithARunRecord() {
        Path out = tmp.resolve("split.safetensors");
        CliTest.Result r = attribute("--data", PAIRS.toString(), "--method", "split-ig", "--steps", "8",
                "--components", "heads,neurons,head-pos,qkv,pattern,layers,resid", "--path-curves", "--path-components", "1.2,m0.7",
                "--direction", "corrupted-to-clean", "--limit", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("split-ig (corrupted-to-clean, logit-diff) on 3 pairs"), r.out());
        assertFalse(Files.exists(tmp.resolve("split.safetensors.partial")), "a finished run leaves no checkpoint");
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertArrayEquals(new long[] {3, 2, 3}, f.info("heads").shape());
            assertArrayEquals(new long[] {3, 2, 40}, f.info("neurons").shape());
            assertArrayEquals(new long[] {3, 2, 3, 59}, f.info("head_pos").shape());
            for (String k : new String[] {"q", "k", "v", "pattern", "heads_right", "q_right"}) {
                assertArrayEquals(new long[] {3, 2, 3}, f.info(k).shape(), k);
            }
            assertArrayEquals(new long[] {3, 2, 40}, f.info("neurons_right").shape());
            assertArrayEquals(new long[] {3, 2}, f.info("attn_out").shape());
            assertArrayEquals(new long[] {3, 2, 59}, f.info("resid").shape());
            assertArrayEquals(new long[] {3, 2}, f.info("completeness_gap_heads").shape());
            assertArrayEquals(new long[] {3, 2}, f.info("split_alpha_neurons").shape());
            assertArrayEquals(new long[] {3, 2, 8}, f.info("path_metric_heads").shape());
            assertArrayEquals(new long[] {3, 2, 8}, f.info("path_grad_norm_neurons").shape());
            assertArrayEquals(new long[] {3, 8}, f.info("path_metric_component_1.2").shape());
            assertArrayEquals(new long[] {3, 8}, f.info("path_metric_component_m0.7").shape());
            assertArrayEquals(new long[] {3}, f.info("metric_clean").shape());
            String run = f.metadata().get("run");
            for (String part : new String[] {"\"method\":\"split-ig\"", "\"direction\":\"corrupted-to-clean\"", "\"steps\":8",
                    "\"rule\":\"gauss-legendre\"", "\"split_ratio\":0.9", "\"data_sha256\":", "\"model\":"}) {
                assertTrue(run.contains(part), run);
            }
            // a head's scores over positions add up to its score; resid positions past a prompt's end stay 0
            float[] head = f.readFloats("heads");
            float[] headPos = f.readFloats("head_pos");
            float[] headPosRight = f.readFloats("head_pos_right");
            double sum = 0;
            for (int t = 0; t < 59; t++) sum += headPos[(1 * 3 + 2) * 59 + t] + headPosRight[(1 * 3 + 2) * 59 + t]; // prompt 0, layer 1, head 2
            assertEquals(head[1 * 3 + 2] + f.readFloats("heads_right")[1 * 3 + 2], sum, 1e-4 + 1e-3 * Math.abs(sum));
            float[] resid = f.readFloats("resid");
            assertEquals(0f, resid[(2 * 2) * 59 + 40], "prompt 2 has 23 tokens");
        }
    }

    @Test
    void badDataIsAOneLineErrorNamingTheRow() throws IOException {
        Path unequal = tmp.resolve("unequal.csv");
        Files.writeString(unequal, "clean,corrupted,correct,incorrect\n\"ab\",\"abc\",x,y\n");
        CliTest.assertCleanError(attribute("--data", unequal.toString(), "--method", "atp", "--out", tmp.resolve("o").toString()),
                "row 1 (line 2): clean prompt has 3 tokens but corrupted has 4");
        Path multi = tmp.resolve("multi.csv");
        Files.writeString(multi, "clean,corrupted,correct,incorrect\n\"ab\",\"ac\",\" Mary\",y\n");
        CliTest.assertCleanError(attribute("--data", multi.toString(), "--method", "atp", "--out", tmp.resolve("o").toString()),
                "not a single token");
        CliTest.assertCleanError(attribute("--data", PAIRS.toString(), "--method", "eap", "--out", tmp.resolve("o").toString()),
                "--method: the method must be");
        CliTest.assertCleanError(attribute("--data", PAIRS.toString(), "--method", "ig", "--rule", "simpson", "--out", tmp.resolve("o").toString()),
                "simpson");
        CliTest.assertCleanError(attribute("--data", PAIRS.toString(), "--method", "ig", "--path-components", "5.1", "--out",
                tmp.resolve("o").toString()), "component '5.1' does not exist");
        assertFalse(Files.exists(tmp.resolve("o")));
    }
}
