package io.circuitlens.data;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsCsvTest {
    private static final String HEADER = "clean,corrupted,correct,incorrect\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("pairs.csv");
        Files.write(file, bytes);
        return file;
    }

    private List<PromptPair> parse(String text) throws IOException {
        return PairsCsv.read(write(text), 0);
    }

    /** The error is one line naming the file and containing each expected part. */
    private void fails(String text, String... parts) throws IOException {
        fails(write(text), parts);
    }

    private static void fails(Path file, String... parts) {
        var e = assertThrows(CircuitLensException.class, () -> PairsCsv.read(file, 0));
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
        assertEquals(new PromptPair(1, "café", "naïve", "é", "\uD83D\uDE00"), PairsCsv.read(write(withBom), 0).get(0));
    }

    @Test
    void limitStopsEarly() throws IOException {
        // row 3 is malformed, but a limit of 2 never reaches it
        Path file = write(HEADER + "a,b,c,d\ne,f,g,h\n\"broken\n");
        assertEquals(2, PairsCsv.read(file, 2).size());
        assertEquals(1, PairsCsv.read(file, 1).size());
        assertThrows(CircuitLensException.class, () -> PairsCsv.read(file, 0));
        assertThrows(CircuitLensException.class, () -> PairsCsv.read(file, -1));
        assertEquals(2, PairsCsv.read(write(HEADER + "a,b,c,d\ne,f,g,h\n"), 10).size());
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
        fails(HEADER + "a,b,c,d\n\"x\ny\",b,c\n", "row 2 (line 3) has 3 fields but the header has 4");
        fails(HEADER + "a,b,c,d,e\n", "row 1 (line 2) has 5 fields");
        fails(HEADER + "a\n", "row 1 (line 2) has 1 field but the header has 4");
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
}
