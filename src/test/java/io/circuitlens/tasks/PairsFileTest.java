package io.circuitlens.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic pairs file (clean,corrupted,correct,incorrect): the CSV as read (fields kept exactly, spaces included;
 * every error one line naming the file, row and line), then tokenised for the pairs layout with a byte vocabulary,
 * where every UTF-8 byte is one token (so token counts are byte counts).
 */
class PairsFileTest {
    private static final String HEADER = "clean,corrupted,correct,incorrect\n";

    @TempDir
    Path dir;

    private static Gpt2Tokenizer tok;

    @BeforeAll
    static void byteVocabulary(@TempDir Path model) {
        TinyModels.write(new TinyModelSpec(1, 2, 16, 64, 64, "byte", 0, DType.F32, false), model, null);
        tok = Gpt2Tokenizer.fromModelFolder(model);
    }

    /** A pair's four fields as the file holds them. */
    record PromptPair(int row, String clean, String corrupted, String correct, String incorrect) {}

    private Path write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("pairs.csv");
        Files.write(file, bytes);
        return file;
    }

    private List<PromptPair> parse(String text) throws IOException {
        return read(write(text), 0);
    }

    /** The fields of the pairs layout, row by row, as the loader reads them. */
    private static List<PromptPair> read(Path file, int limit) {
        TaskCsv csv = TaskCsv.read(file, Tasks.PAIRS, limit);
        csv.require(List.of("clean", "corrupted", "correct", "incorrect"));
        return csv.rows().stream().map(r -> new PromptPair(r.number(), r.text("clean"), r.text("corrupted"), r.text("correct"),
                r.text("incorrect"))).toList();
    }

    private static TaskPairs load(Path file, boolean bos, int nCtx) {
        return Tasks.loadPairs(file, tok, nCtx, 0, bos);
    }

    /** The error is one line naming the file and containing each expected part. */
    private void fails(String text, String... parts) throws IOException {
        fails(write(text), parts);
    }

    private static void fails(Path file, String... parts) {
        var e = assertThrows(CircuitLensException.class, () -> load(file, true, 64));
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.startsWith(file.toString()), message);
        for (String part : parts) assertTrue(message.contains(part), "missing '" + part + "' in: " + message);
    }

    @Test
    void plainRowsKeepSpaces() throws IOException {
        List<PromptPair> pairs = parse(HEADER + "Then John gave it to, Then Mary gave it to, Mary , John\n"
                + "a,b,c,d\n");
        assertEquals(List.of(new PromptPair(1, "Then John gave it to", " Then Mary gave it to", " Mary ", " John"),
                new PromptPair(2, "a", "b", "c", "d")), pairs);
    }

    @Test
    void quotedFields() throws IOException {
        String csv = HEADER
                + "\"When Mary and John went, John gave\",\"line one\nline two\",\" Mary\",\"say \"\"hi\"\"\"\r\n"
                + "\"\",\"\"\"\",\",\",\" \"\r\n";
        List<PromptPair> pairs = parse(csv);
        assertEquals(new PromptPair(1, "When Mary and John went, John gave", "line one\nline two", " Mary",
                "say \"hi\""), pairs.get(0));
        assertEquals(new PromptPair(2, "", "\"", ",", " "), pairs.get(1));
    }

    @Test
    void lineEndingsBlankLinesAndMissingFinalNewline() throws IOException {
        assertEquals(2, parse(HEADER.replace("\n", "\r\n") + "a,b,c,d\r\n\r\ne,f,g,h").size());
        assertEquals(2, parse(HEADER.replace("\n", "\r") + "a,b,c,d\re,f,g,h\r").size());
        List<PromptPair> pairs = parse(HEADER + "\na,b,c,d\n\n\ne,f,g,\n\n");
        assertEquals(new PromptPair(2, "e", "f", "g", ""), pairs.get(1)); // a trailing comma is an empty last field
    }

    @Test
    void columnsInAnyOrderAndExtraColumnsIgnored() throws IOException {
        List<PromptPair> pairs = parse("id, incorrect ,correct,note,corrupted,clean\n7,I,C,x,B,A\n");
        assertEquals(new PromptPair(1, "A", "B", "C", "I"), pairs.get(0));
    }

    @Test
    void unicodeAndByteOrderMark() throws IOException {
        byte[] body = (HEADER + "café,naïve,\u00e9,\uD83D\uDE00\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertEquals(new PromptPair(1, "café", "naïve", "é", "\uD83D\uDE00"), read(write(withBom), 0).get(0));
    }

    @Test
    void limitStopsEarly() throws IOException {
        // row 3 is malformed, but a limit of 2 never reaches it
        Path file = write(HEADER + "a,b,c,d\ne,f,g,h\n\"broken\n");
        assertEquals(2, read(file, 2).size());
        assertEquals(1, read(file, 1).size());
        assertThrows(CircuitLensException.class, () -> read(file, 0));
        assertThrows(CircuitLensException.class, () -> read(file, -1));
        assertEquals(2, read(write(HEADER + "a,b,c,d\ne,f,g,h\n"), 10).size());
    }

    @Test
    void missingFile() {
        fails(dir.resolve("nowhere.csv"), "file not found");
    }

    @Test
    void directory() {
        fails(dir, "cannot read");
    }

    @Test
    void emptyFile() throws IOException {
        fails("", "empty", "clean,corrupted,correct,incorrect");
        fails("\n\r\n", "empty");
    }

    @Test
    void headerOnly() throws IOException {
        fails(HEADER, "no pairs");
    }

    @Test
    void misnamedColumns() throws IOException {
        fails("clean,corupted,correct,wrong\na,b,c,d\n", "lacks columns corrupted, incorrect",
                "\"corupted\"", "\"wrong\"");
        fails("clean,corrupted,correct\na,b,c\n", "lacks column incorrect");
        fails("clean,corrupted,correct,incorrect,clean\na,b,c,d,e\n", "column 'clean' twice");
    }

    @Test
    void wrongFieldCount() throws IOException {
        fails(HEADER + "a,b,c,d\n\"x\ny\",b,c\n", "row 2 (line 3): has 3 fields but the header has 4");
        fails(HEADER + "a,b,c,d,e\n", "row 1 (line 2): has 5 fields");
        fails(HEADER + "a\n", "row 1 (line 2): has 1 field but the header has 4");
    }

    @Test
    void unterminatedQuote() throws IOException {
        fails(HEADER + "a,b,c,d\n\"x\ny\",b,c,d\ne,f,\"g,h\n", "row 3 (line 5)", "not closed");
        fails("clean,\"corrupted,correct,incorrect\n", "header (line 1)", "not closed");
    }

    @Test
    void strayQuotes() throws IOException {
        fails(HEADER + "a,b,c,d\nsay \"hi\",b,c,d\n", "row 2 (line 3)", "quote inside an unquoted field");
        fails(HEADER + "\"a\"x,b,c,d\n", "row 1 (line 2)", "after the closing quote");
        fails(HEADER + "a,b,c, \"Mary\"\n", "row 1 (line 2)", "quote inside an unquoted field");
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] head = (HEADER + "a,b,c,d\nx").getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(head, head.length + 8);
        byte[] tail = {(byte) 0xC3, (byte) 0x28, ',', 'b', ',', 'c', ',', 'd'}; // 0xC3 needs a continuation byte
        System.arraycopy(tail, 0, bad, head.length, tail.length);
        fails(write(bad), "row 2 (line 3): not valid UTF-8 (byte offset " + head.length + ")");
        fails(write(new byte[] {'c', (byte) 0xED, (byte) 0xA0, (byte) 0x80}), "header (line 1): not valid UTF-8"); // surrogate
        // inside a quoted field spanning lines: the row is where the field starts, the line where the byte is
        byte[] spanning = (HEADER + "a,\"b\nb\nb").getBytes(StandardCharsets.UTF_8);
        byte[] spanningBad = java.util.Arrays.copyOf(spanning, spanning.length + 9);
        byte[] rest = {(byte) 0xFF, '"', ',', 'c', ',', 'd', '\n', 'e', '\n'};
        System.arraycopy(rest, 0, spanningBad, spanning.length, rest.length);
        fails(write(spanningBad), "row 1 (line 4): not valid UTF-8");
        // after a syntax error the row is unknown, but the line is still named
        byte[] afterError = (HEADER + "a\"x,b,c,d\n").getBytes(StandardCharsets.UTF_8);
        byte[] afterErrorBad = java.util.Arrays.copyOf(afterError, afterError.length + 1);
        afterErrorBad[afterError.length] = (byte) 0x80;
        fails(write(afterErrorBad), ": line 3: not valid UTF-8");
    }

    // ---- tokenised (byte vocabulary) ----

    private Path pairs(String... rows) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER);
        for (String r : rows) csv.append(r).append('\n');
        return write(csv.toString());
    }

    @Test
    void tokensAndAnswers() throws IOException {
        TaskPairs t = load(pairs("AB,CD,A,\" \"", "xyz,xyw,z,w"), true, 64);
        assertEquals(2, t.size());
        assertArrayEquals(new int[][] {tok.encode("AB", true), tok.encode("xyz", true)}, t.clean().tokens());
        assertArrayEquals(new int[][] {tok.encode("CD", true), tok.encode("xyw", true)}, t.corrupted().tokens());
        assertEquals(tok.bosId(), t.clean().tokens()[0][0]);
        assertArrayEquals(new int[] {3, 4}, t.corrupted().lengths());
        assertEquals(2, t.row(1));
        assertEquals("pairs", t.task());
        assertEquals("logit-diff", t.metric(null).name());
    }

    @Test
    void withoutBos() throws IOException {
        TaskPairs t = load(pairs("AB,CD,A,B"), false, 64);
        assertArrayEquals(tok.encode("AB"), t.clean().tokens()[0]);
        assertEquals(2, t.clean().length(0));
    }

    @Test
    void multiTokenAnswerNamesTheRow() throws IOException {
        fails(pairs("a,b,A,B", "c,d,C,D", "e,f,\" Mary and\",B"), "row 3 (line 4)", "answer \" Mary and\" is 9 tokens "
                + java.util.Arrays.toString(tok.encode(" Mary and")) + ", not a single token");
        fails(pairs("e,f,A,"), "row 1 (line 2)", "answer \"\" is 0 tokens [], not a single token");
        // a two-byte character is two tokens in a byte vocabulary
        fails(pairs("e,f,A,é"), "row 1 (line 2)", "answer \"é\" is 2 tokens " + java.util.Arrays.toString(tok.encode("é")) + ", not a single token");
    }

    @Test
    void lengthMismatch() throws IOException {
        fails(pairs("a,b,A,B", "c,d,A,B", "0123456789abcd,0123456789abcde,A,B"),
                "row 3 (line 4): clean prompt has 15 tokens but corrupted has 16; pairs must have the same token length");
    }

    @Test
    void tooLongForTheContext() throws IOException {
        Path file = pairs("a,b,A,B", "0123456789,abcdefghij,A,B");
        var e = assertThrows(CircuitLensException.class, () -> load(file, true, 10));
        assertTrue(e.getMessage().contains("row 2 (line 3): the prompts have 11 tokens (BOS included), more than the model's context of 10"),
                e.getMessage());
        assertEquals(10, load(file, false, 10).clean().length(1));
    }

    @Test
    void emptyPromptsWithoutBos() throws IOException {
        Path file = pairs("\"\",\"\",A,B");
        var e = assertThrows(CircuitLensException.class, () -> load(file, false, 64));
        assertTrue(e.getMessage().contains("row 1 (line 2): the prompts are empty (no tokens, and no BOS)"), e.getMessage());
        assertEquals(1, load(file, true, 64).clean().length(0));
    }

    @Test
    void quotedSpaceSurvivesAsAnAnswer() throws IOException {
        TaskPairs t = load(pairs("\"Hi, A\",\"Hi, B\",\" \",B"), true, 64);
        assertArrayEquals(tok.encode("Hi, A", true), t.clean().tokens()[0]);
        double[] logits = new double[tok.vocabSize()];
        logits[tok.singleToken(" ")] = 2;
        assertEquals(2, io.circuitlens.kernels.cpu.MetricOnCpu.row(t.metric(null), logits, 0, null, null), 0);
    }
}
