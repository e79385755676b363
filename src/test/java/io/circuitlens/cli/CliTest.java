package io.circuitlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The commands end to end, as a user runs them: on a make-tiny folder, checked against the committed fixtures. */
class CliTest {
    @TempDir
    static Path tmp;
    static Path model;
    static JsonNode spec;
    static List<String> prompts = new ArrayList<>();
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/tiny-odd");

    /** A command's exit code, stdout, stderr without the backend line, and that line ("" when it printed none). */
    record Result(int code, String out, String err, String backend) {
        /** Splits the backend line off stderr. */
        static Result of(int code, String out, String stderr) {
            StringBuilder rest = new StringBuilder();
            StringBuilder backend = new StringBuilder();
            for (String line : stderr.split("\n", -1)) {
                if (line.startsWith("backend ")) backend.append(line);
                else rest.append(line).append('\n');
            }
            String e = rest.toString();
            return new Result(code, out, e.substring(0, e.length() - 1), backend.toString());
        }
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return Result.of(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void makeModel() throws IOException {
        spec = new ObjectMapper().readTree(FIXTURE.resolve("spec.json").toFile());
        spec.get("prompts").forEach(p -> prompts.add(p.asText()));
        JsonNode mt = spec.get("make_tiny");
        model = tmp.resolve("tiny-odd");
        Result r = cli("make-tiny", "--out", model.toString(), "--layers", mt.get("layers").asText(), "--heads", mt.get("heads").asText(),
                "--d-model", mt.get("d_model").asText(), "--d-mlp", mt.get("d_mlp").asText(), "--n-ctx", mt.get("n_ctx").asText(),
                "--vocab", "byte", "--seed", mt.get("seed").asText());
        assertEquals(0, r.code, r.err);
        for (String f : List.of("config.json", "model.safetensors", "vocab.json", "merges.txt")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
    }

    @Test
    void tokenizePrintsTheReferenceIds() {
        try (SafetensorsFile ref = SafetensorsFile.open(FIXTURE.resolve("reference.safetensors"))) {
            Result r = cli("tokenize", "--model", model.toString(), prompts.get(1));
            assertEquals(0, r.code, r.err);
            String expected = Arrays.stream(ref.readLongs("prompt1.tokens")).mapToObj(Long::toString).collect(Collectors.joining(" "));
            assertEquals(expected, r.out.strip());
            Result noBos = cli("tokenize", "--model", model.toString(), "--no-bos", prompts.get(1));
            assertEquals(expected.substring(expected.indexOf(' ') + 1), noBos.out.strip());
        }
    }

    @Test
    void logitsMatchTheFixtures() throws IOException {
        Path promptFile = tmp.resolve("prompts.txt");
        // one prompt per line: the fixture prompt with a newline inside is replaced by one without
        List<String> lines = prompts.stream().filter(p -> !p.contains("\n")).toList();
        Files.writeString(promptFile, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("logits.safetensors");
        Result r = cli("logits", "--model", model.toString(), "--prompts", promptFile.toString(), "--out", out.toString(), "--batch-size", "3");
        assertEquals(0, r.code, r.err);
        // one line on success, like the other commands: prompts, tokens (BOS included), seconds, where it went
        assertTrue(r.out.matches("logits of " + lines.size() + " prompts \\(\\d+ tokens\\) in \\d+\\.\\d s -> " + java.util.regex.Pattern.quote(out.toString())
                + "\n"), r.out);
        try (SafetensorsFile f = SafetensorsFile.open(out); SafetensorsFile ref = SafetensorsFile.open(FIXTURE.resolve("reference.safetensors"))) {
            long[] lengths = f.readLongs("lengths");
            FloatTensor logits = f.readFloatTensor("logits");
            long[] tokens = f.readLongs("tokens");
            int n = lines.size();
            int t = Arrays.stream(lengths).mapToInt(v -> (int) v).max().orElseThrow();
            assertArrayEquals(new int[] {n, t, 257}, logits.shape());
            double worst = 0;
            for (int i = 0; i < n; i++) {
                int fixtureIndex = prompts.indexOf(lines.get(i));
                FloatTensor expected = ref.readFloatTensor("prompt" + fixtureIndex + ".logits");
                assertEquals(expected.dim(0), lengths[i], "length of prompt " + i);
                for (int pos = 0; pos < t; pos++) {
                    for (int v = 0; v < 257; v++) {
                        float got = logits.get(i, pos, v);
                        if (pos < lengths[i]) worst = Math.max(worst, Math.abs(got - expected.get(pos, v)));
                        else assertEquals(0f, got, "padding must be zero");
                    }
                    if (pos >= lengths[i]) assertEquals(-1, tokens[i * t + pos]);
                }
            }
            assertTrue(worst <= 1e-4, "logits differ from the fixture by " + worst);
            assertTrue(r.out.contains("(" + java.util.Arrays.stream(lengths).sum() + " tokens)"), r.out);
        }
    }

    @Test
    void runPrintsTopPredictions() throws IOException {
        Result r = cli("run", "--model", model.toString(), "--prompt", prompts.get(0), "--top-k", "3");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.strip().split("\n");
        assertEquals(4 + 3, lines.length, r.out);
        try (SafetensorsFile ref = SafetensorsFile.open(FIXTURE.resolve("reference.safetensors"))) {
            FloatTensor expected = ref.readFloatTensor("prompt0.logits");
            int last = expected.dim(0) - 1;
            int best = 0;
            for (int v = 1; v < 257; v++) if (expected.get(last, v) > expected.get(last, best)) best = v;
            String[] first = lines[4].trim().split("\\s+");
            assertEquals("1", first[0]);
            assertEquals(Integer.toString(best), first[1]);
        }
    }

    @Test
    void badInputGivesOneLineErrorsWithoutStackTraces() throws IOException {
        assertCleanError(cli("run", "--model", tmp.resolve("nope").toString(), "--prompt", "x"), "nope");
        String tooLong = "x".repeat(64); // 64 bytes + BOS > n_ctx 64
        assertCleanError(cli("run", "--model", model.toString(), "--prompt", tooLong), "more than the model's context of 64");
        assertCleanError(cli("logits", "--model", model.toString(), "--prompts", tmp.resolve("missing.txt").toString(), "--out",
                tmp.resolve("o.safetensors").toString()), "missing.txt");
        Path badUtf8 = tmp.resolve("bad.txt");
        Files.write(badUtf8, new byte[] {'a', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertCleanError(cli("logits", "--model", model.toString(), "--prompts", badUtf8.toString(), "--out",
                tmp.resolve("o.safetensors").toString()), "not valid UTF-8");
        assertFalse(Files.exists(tmp.resolve("o.safetensors")), "no output on failure");
        assertCleanError(cli("run", "--model", model.toString(), "--prompt", "x", "--top-k", "0"), "--top-k");

        // a truncated checkpoint
        Path broken = tmp.resolve("broken");
        copyModel(model, broken);
        byte[] st = Files.readAllBytes(broken.resolve("model.safetensors"));
        Files.write(broken.resolve("model.safetensors"), Arrays.copyOf(st, st.length / 2));
        assertCleanError(cli("run", "--model", broken.toString(), "--prompt", "x"), "model.safetensors");

        // config.json inconsistent with the tensors
        Path wrong = tmp.resolve("wrong");
        copyModel(model, wrong);
        String cfg = Files.readString(wrong.resolve("config.json")).replace("\"n_layer\" : 3", "\"n_layer\" : 4");
        Files.writeString(wrong.resolve("config.json"), cfg);
        assertCleanError(cli("run", "--model", wrong.toString(), "--prompt", "x"), "missing tensor 'h.3.ln_1.weight'");
        String cfg2 = Files.readString(model.resolve("config.json")).replace("\"n_embd\" : 48", "\"n_embd\" : 60");
        Files.writeString(wrong.resolve("config.json"), cfg2);
        assertCleanError(cli("run", "--model", wrong.toString(), "--prompt", "x"), "has shape [257, 48] but config.json implies [257, 60]");
    }

    /** The backend is chosen by --device and said once on stderr; a device that cannot run is a one-line error. */
    @Test
    void theBackendInUseIsSaidOnceAndNeverFallsBackSilently() {
        Result cpu = cli("run", "--model", model.toString(), "--prompt", "x", "--device", "cpu", "--threads", "1");
        assertEquals(0, cpu.code, cpu.err);
        assertTrue(cpu.backend.startsWith("backend cpu: 1 threads") && cpu.backend.endsWith("(--device cpu)"), cpu.backend);
        Result auto = cli("run", "--model", model.toString(), "--prompt", "x");
        assertEquals(0, auto.code, auto.err);
        assertTrue(auto.backend.contains("--device auto"), "auto says what it picked and why: " + auto.backend);
        if (auto.backend.startsWith("backend cpu")) {
            // no GPU here: asking for one is an error naming what is missing, not a quiet run on the CPU
            assertCleanError(cli("run", "--model", model.toString(), "--prompt", "x", "--device", "cuda"), "--device cuda: ");
        }
        assertCleanError(cli("run", "--model", model.toString(), "--prompt", "x", "--device", "tpu"), "--device: unknown device 'tpu'");
        assertCleanError(cli("run", "--model", model.toString(), "--prompt", "x", "--device", "cpu", "--precision", "tf32"),
                "--precision tf32 needs the CUDA backend");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Result r = cli("run", "--model", tmp.resolve("nope").toString(), "--prompt", "x", "--verbose");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("\tat "), r.err);
    }

    static void assertCleanError(Result r, String part) {
        assertEquals(1, r.code, "exit code; stderr: " + r.err);
        String err = r.err.strip();
        assertFalse(err.contains("\n"), "one line expected: " + err);
        assertTrue(err.startsWith("circuitlens: "), err);
        assertTrue(err.contains(part), "'" + err + "' should mention '" + part + "'");
    }

    static void copyModel(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of("config.json", "model.safetensors", "vocab.json", "merges.txt")) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
    }
}
