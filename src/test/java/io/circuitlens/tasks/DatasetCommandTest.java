package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.cli.DatasetCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code circuitlens dataset}, run as picocli runs it. */
class DatasetCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new DatasetCommand());
        cl.setOut(new PrintWriter(out));
        // parse, then run directly, so that errors reach the test as exceptions (Main prints them as one line)
        cl.parseArgs(args);
        ((DatasetCommand) cl.getCommand()).run();
        return new Run(0, out.toString());
    }

    @Test
    void writesTheGeneratorsFileAndReportsTheFilters() throws IOException {
        Path vocab = RealGpt2Vocab.folder();
        Path out = dir.resolve("sub/sva.csv");
        Run r = run("--task", "sva", "--n", "30", "--seed", "5", "--out", out.toString(), "--vocab-from", vocab.toString());
        assertEquals(0, r.code);
        String expected = Generators.generate("sva", Path.of("datasets/wordlists"), RealGpt2Vocab.tokenizer(), 30, 5, null).toCsv();
        assertEquals(expected, Files.readString(out));
        assertTrue(r.out.startsWith("wrote " + out + ": 30 sva rows (seed 5)"), r.out);
        assertTrue(r.out.contains("kept 30 of 30 requested sva rows"), r.out);
        assertTrue(r.out.contains("dropped 0: answer not a single token"), r.out);
        assertTrue(r.out.contains(": clean/corrupted token lengths differ"), r.out);
        Run again = run("--task", "sva", "--n", "30", "--seed", "5", "--out", out.toString(), "--vocab-from", vocab.toString());
        assertEquals(0, again.code);
        assertEquals(expected, Files.readString(out), "same arguments, same file");
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void defaultSizeAndSeedRebuildTheCommittedDataset() throws IOException {
        Path out = dir.resolve("gt.csv");
        Run r = run("--task", "greater-than", "--out", out.toString(), "--vocab-from", RealGpt2Vocab.folder().toString());
        assertEquals(0, r.code);
        assertEquals(Files.readString(Path.of("datasets/greater-than.csv")), Files.readString(out));
    }

    @Test
    void modelFolderGivesTheTokenizer() throws IOException {
        Path model = dir.resolve("tiny");
        TinyGpt2.open(model).close();
        Path out = dir.resolve("ioi.csv");
        Run r = run("--task", "ioi", "--n", "12", "--variant", "hard", "--out", out.toString(), "--model", model.toString());
        assertEquals(0, r.code);
        assertTrue(r.out.contains("variant hard: the corrupted column holds the hard corruption too"), r.out);
        TaskPairs loaded = Tasks.load("ioi", out, RealGpt2Vocab.tokenizer(), 1024, 0, true, null);
        TaskPairs hard = Tasks.load("ioi", out, RealGpt2Vocab.tokenizer(), 1024, 0, true, "hard");
        assertArrayEquals(hard.corrupted().tokens()[5], loaded.corrupted().tokens()[5]);
    }

    @Test
    void optionErrors() {
        Path out = dir.resolve("x.csv");
        var e = assertThrows(CircuitLensException.class, () -> run("--task", "sva", "--out", out.toString()));
        assertTrue(e.getMessage().startsWith("give exactly one of --vocab-from DIR and --model M"), e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> run("--task", "sva", "--out", out.toString(),
                "--vocab-from", "a", "--model", "b"));
        assertTrue(e.getMessage().startsWith("give exactly one of"), e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> run("--task", "maths", "--out", out.toString(), "--vocab-from", "a"));
        assertTrue(e.getMessage().startsWith("unknown task 'maths'"), e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> run("--task", "sva", "--n", "0", "--out", out.toString(), "--vocab-from", "a"));
        assertEquals("--n must be at least 1, got 0", e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> run("--task", "sva", "--out", out.toString(),
                "--vocab-from", dir.resolve("none").toString()));
        assertTrue(e.getMessage().startsWith("vocabulary folder not found"), e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> run("--task", "gender-bias", "--variant", "hard", "--out",
                out.toString(), "--vocab-from", RealGpt2Vocab.folder().toString()));
        assertEquals("task gender-bias has no variant 'hard' (it has none)", e.getMessage());
        assertFalse(Files.exists(out));
    }
}
