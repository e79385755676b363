package io.circuitlens.tasks;

import io.circuitlens.CircuitLensException;
import io.circuitlens.TextQuoting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records of a task file (the task layouts have more columns than a pairs file, so they are read here
 * rather than through {@code data.PairsCsv}). Fields are kept exactly, spaces included, since a leading space
 * changes GPT-2's tokens; quoted fields may hold commas, line breaks and doubled quotes; a quote inside an unquoted
 * field is an error rather than silently kept. Empty lines are skipped. Errors name the file and line.
 */
final class CsvRecords {
    /** One record and the line it starts on (1-based). */
    record Record(int line, List<String> fields) {}

    private final Path file;
    private final String text;
    private int pos;
    private int line = 1;
    private int records; // records returned so far: 0 while reading the header

    private CsvRecords(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Opens {@code file} as strict UTF-8 (a leading byte-order mark, as spreadsheets write, is dropped). */
    static CsvRecords open(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CircuitLensException(file + ": file not found");
        } catch (IOException e) {
            throw new CircuitLensException(file + ": cannot read (" + e.getMessage() + ")");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start));
            return new CsvRecords(file, chars.toString());
        } catch (CharacterCodingException e) {
            throw new CircuitLensException(file + ": not valid UTF-8");
        }
    }

    /** The next record, or null at the end of the file. */
    Record next() {
        while (pos < text.length() && isLineBreak(text.charAt(pos))) skipLineBreak();
        if (pos >= text.length()) return null;
        int startLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(pos < text.length() && text.charAt(pos) == '"' ? quotedField() : plainField());
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            if (pos < text.length()) skipLineBreak();
            records++;
            return new Record(startLine, fields);
        }
    }

    private String plainField() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || isLineBreak(c)) break;
            if (c == '"') {
                throw error(line, "a quote inside an unquoted field ("
                        + TextQuoting.quote(text.substring(start, pos + 1), 60)
                        + "); quote the whole field and double the quotes inside it");
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quotedField() {
        int openLine = line;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error(openLine, "a quoted field is not closed before the end of the file");
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                    out.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (c == '\n' || (c == '\r' && !(pos + 1 < text.length() && text.charAt(pos + 1) == '\n'))) line++;
            out.append(c);
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) != ',' && !isLineBreak(text.charAt(pos))) {
            throw error(line, "unexpected " + TextQuoting.quote(String.valueOf(text.charAt(pos)))
                    + " after the closing quote of a field; a quoted field must end at a comma or the line's end");
        }
        return out.toString();
    }

    private void skipLineBreak() {
        if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') pos++;
        pos++;
        line++;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /** Names the record being read as pair files do: "header" or "row N" (1-based, header not counted), and the line. */
    private CircuitLensException error(int at, String message) {
        String where = records == 0 ? "header" : "row " + records;
        return new CircuitLensException(file + ": " + where + " (line " + at + "): " + message);
    }
}
