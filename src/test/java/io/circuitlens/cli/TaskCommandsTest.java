package io.circuitlens.cli;

import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.tokenizer.JsReferencePackage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every task command end to end, as the README shows them, on a tiny model made by `make-tiny --vocab gpt2` with the
 * built-in datasets. GPT-2's vocabulary comes from the npm package the tokenizer tests fetch; without it (offline)
 * the test is skipped with the reason.
 */
class TaskCommandsTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void makeModel() throws Exception {
        JsReferencePackage.Fetched vocab = JsReferencePackage.fetch();
        Assumptions.assumeTrue(vocab.available(), vocab::skipReason);
        model = tmp.resolve("tiny-gpt2");
        CliTest.Result r = CliTest.cli("make-tiny", "--out", model.toString(), "--vocab", "gpt2", "--vocab-from", vocab.folder().toString(),
                "--layers", "2", "--heads", "4", "--d-model", "32", "--n-ctx", "96", "--seed", "3");
        assertEquals(0, r.code(), r.err());
    }

    static CliTest.Result ok(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        CliTest.Result r = CliTest.cli(all.toArray(String[]::new));
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }

    String out(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void attributionRunsOnEveryBuiltInTask() throws Exception {
        for (String task : List.of("ioi", "gender-bias", "greater-than", "capital-country", "sva", "hypernymy")) {
            ok("attribute", "--model", model.toString(), "--task", task, "--limit", "4", "--method", "atp", "--quiet", "--out", out(task + ".safetensors"));
            try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve(task + ".safetensors"))) {
                assertArrayEquals(new long[] {4, 2, 4}, f.info("heads").shape(), task);
                assertTrue(f.metadata().get("run").contains(task), task);
            }
        }
        ok("attribute", "--model", model.toString(), "--task", "ioi", "--variant", "hard", "--limit", "4", "--method", "ig", "--steps", "4",
                "--quiet", "--out", out("ioi-hard.safetensors"));
    }

    @Test
    void ablationCircuitAndComparisonCommandsRunOnIoi() throws Exception {
        String m = model.toString();
        String[] data = {"--task", "ioi", "--limit", "4", "--quiet"};
        ok(concat(new String[] {"attribute", "--model", m, "--method", "ap", "--components", "heads", "--out", out("ap-noise.safetensors")}, data));
        ok(concat(new String[] {"attribute", "--model", m, "--method", "ap", "--components", "heads", "--direction", "corrupted-to-clean",
                "--out", out("ap-denoise.safetensors")}, data));
        ok(concat(new String[] {"ablate", "--model", m, "--components", "0.1,1.2,m0.5", "--ablation", "mean", "--out", out("ablate.safetensors")}, data));
        ok(concat(new String[] {"ablate", "--model", m, "--components", "1.3", "--ablation", "amplify", "--factor", "2", "--out", out("amp.safetensors")}, data));
        ok(concat(new String[] {"curve", "--model", m, "--scores", out("ap-noise.safetensors"), "--out", out("curve.safetensors")}, data));
        ok(concat(new String[] {"prune", "--model", m, "--max-steps", "3", "--out", out("prune.safetensors")}, data));
        ok(concat(new String[] {"faithfulness", "--model", m, "--scores", out("ap-noise.safetensors"), "--out", out("faith.safetensors")}, data));
        ok(concat(new String[] {"ablation-table", "--model", m, "--ablation", "resample", "--out", out("table.safetensors")}, data));
        ok("export-circuit", "--model", m, "--prune", out("prune.safetensors"), "--task", "ioi", "--limit", "4", "--out", out("circuit"));
        assertTrue(Files.isRegularFile(tmp.resolve("circuit/model.safetensors")));
        ok("run", "--model", out("circuit"), "--prompt", "When Mary and John went to the store, John gave a drink to", "--top-k", "3");
        CliTest.Result cmp = ok("compare", out("ap-noise.safetensors"), out("ap-denoise.safetensors"), "--ground-truth", out("table.safetensors"),
                "--out", out("compare.safetensors"));
        assertTrue(cmp.out().contains("Kendall"), cmp.out());
        CliTest.Result lat = ok("latent", out("ap-denoise.safetensors"), out("ap-noise.safetensors"), "--out", out("latent.safetensors"));
        assertTrue(lat.out().contains("noising = clean-to-corrupted"), lat.out());
    }

    @Test
    void datasetCommandRegeneratesTheCommittedFile() throws Exception {
        ok("dataset", "--task", "capital-country", "--model", model.toString(), "--out", out("cc.csv"));
        assertEquals(Files.readString(Path.of("datasets/capital-country.csv")), Files.readString(tmp.resolve("cc.csv")));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
