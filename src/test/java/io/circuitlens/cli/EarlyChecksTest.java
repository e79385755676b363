package io.circuitlens.cli;

import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.circuitlens.cli.CliTest.assertCleanError;
import static io.circuitlens.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Mistakes that need no model fail before the model is loaded: the output path, and option values and combinations.
 * Proof: the model named is missing, and the error is still about the mistake, not the model.
 */
class EarlyChecksTest {
    @TempDir
    static Path tmp;
    static Path model;
    static String missingModel;
    static final String PAIRS = EvalCommandsTest.PAIRS;

    @BeforeAll
    static void makeModel() {
        missingModel = tmp.resolve("no-such-model").toString();
        model = tmp.resolve("m");
        TinyModels.write(new TinyModelSpec(1, 2, 16, 16, 64, "byte", 1, DType.F32, false), model, null);
    }

    /** Every command that writes a result, with the options it needs besides --out, on the missing model. */
    static List<List<String>> writers() {
        String m = missingModel;
        String scores = tmp.resolve("no-scores.safetensors").toString();
        return List.of(
                List.of("attribute", "--model", m, "--data", PAIRS, "--method", "atp"),
                List.of("ablate", "--model", m, "--data", PAIRS, "--components", "0.1"),
                List.of("curve", "--model", m, "--data", PAIRS, "--scores", scores),
                List.of("prune", "--model", m, "--data", PAIRS),
                List.of("faithfulness", "--model", m, "--data", PAIRS, "--scores", scores),
                List.of("ablation-table", "--model", m, "--data", PAIRS),
                List.of("logits", "--model", m, "--prompts", PAIRS),
                List.of("compare", scores, scores),
                List.of("latent", scores, scores),
                List.of("dataset", "--task", "ioi", "--vocab-from", m));
    }

    static CliTest.Result run(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return cli(all.toArray(String[]::new));
    }

    @Test
    void anOutputThatIsAFolderFailsFirstNamingTheUsersPath() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("results"));
        for (List<String> w : writers()) {
            CliTest.Result r = run(w, "--out", folder.toString());
            assertCleanError(r, "--out " + folder + ": is a folder; give a file name");
        }
        assertCleanError(run(List.of("compare", "a", "b"), "--json", folder.toString()), "--json " + folder + ": is a folder");
        assertCleanError(run(List.of("latent", "a", "b"), "--json", folder.toString()), "--json " + folder + ": is a folder");
        // the commands that write a folder refuse a file
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertCleanError(cli("export-circuit", "--model", missingModel, "--data", PAIRS, "--remove", "0.1", "--out", file.toString()),
                "--out " + file + ": is a file, not a folder");
        assertCleanError(cli("make-tiny", "--out", file.toString()), "--out " + file + ": is a file, not a folder");
    }

    @Test
    void aParentThatIsAFileOrCannotTakeFilesFailsFirst() throws IOException {
        Path plain = Files.writeString(tmp.resolve("plain.txt"), "x");
        Path under = plain.resolve("sub").resolve("out.safetensors");
        for (List<String> w : writers()) {
            assertCleanError(run(w, "--out", under.toString()), "--out " + under + ": " + plain + " is a file, not a folder");
        }
        Path sys = Path.of("/sys");
        Assumptions.assumeTrue(Files.isDirectory(sys), "no /sys here (not Linux): no folder that even root cannot write in");
        Path readOnly = sys.resolve("out.safetensors");
        for (List<String> w : writers()) {
            CliTest.Result r = run(w, "--out", readOnly.toString());
            assertCleanError(r, "--out " + readOnly + ": cannot create files in /sys (");
            assertFalse(r.err().contains(".tmp") || r.err().contains(".probe"), r.err());
        }
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null here");
        // as root the atomic writer would otherwise replace the device with a regular file
        assertCleanError(cli("ablate", "--model", missingModel, "--data", PAIRS, "--components", "0.1", "--out", devNull.toString()),
                "--out /dev/null: exists and is not a regular file");
    }

    @Test
    void aMissingParentFolderIsCreatedAndSaidSoOnStderr() {
        Path out = tmp.resolve("new").resolve("deeper").resolve("ablate.safetensors");
        CliTest.Result r = cli("ablate", "--model", model.toString(), "--data", PAIRS, "--limit", "2", "--components", "0.1", "--quiet",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("circuitlens: created the folder " + out.getParent() + " for --out " + out, r.err().strip());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void optionMistakesFailBeforeTheModelIsLoaded() {
        String out = tmp.resolve("o.safetensors").toString();
        String[][] cases = {
                {"--reduce mean applies to the gradient methods", "attribute", "--data", PAIRS, "--method", "ap", "--reduce", "mean"},
                {"--layers: layer -1 does not exist", "attribute", "--data", PAIRS, "--method", "ap", "--layers", "-1"},
                {"--variant needs --task", "attribute", "--data", PAIRS, "--method", "atp", "--variant", "hard"},
                {"task ioi has no variant 'soft'", "attribute", "--task", "ioi", "--method", "atp", "--variant", "soft"},
                {"unknown task 'iio'", "ablate", "--task", "iio", "--components", "0.1"},
                {"unknown metric 'logit-dif'", "ablate", "--data", PAIRS, "--components", "0.1", "--metric", "logit-dif"},
                {"--limit must not be negative", "ablate", "--data", PAIRS, "--components", "0.1", "--limit", "-2"},
                {"missing.csv: file not found", "ablate", "--data", "missing.csv", "--components", "0.1"},
                {"--ablation: the ablation must be zero, mean, resample or amplify", "ablate", "--data", PAIRS, "--components", "0.1", "--ablation", "noise"},
                {"--mean-over: a mean ablation averages over corrupted or clean prompts", "ablation-table", "--data", PAIRS, "--mean-over", "both"},
                {"--memory: memory budget 'lots' is not a size", "curve", "--data", PAIRS, "--scores", PAIRS, "--memory", "lots"},
                {"--stop-below must be a number (a faithfulness such as 0.8) or none", "prune", "--data", PAIRS, "--stop-below", "most"},
                {"--factor: the amplification factor must be a finite number", "faithfulness", "--data", PAIRS, "--scores", PAIRS, "--factor", "NaN"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(c).subList(1, c.length));
            args.addAll(List.of("--model", missingModel, "--out", out));
            CliTest.Result r = cli(args.toArray(String[]::new));
            assertCleanError(r, c[0]);
            assertFalse(r.err().contains("no-such-model"), "checked after loading the model: " + r.err());
        }
    }
}
