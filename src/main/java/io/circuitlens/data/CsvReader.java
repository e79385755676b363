package io.circuitlens.data;

import io.circuitlens.common.TextQuoting;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from already-decoded text, one at a time (so a row limit stops the parse early).
 *
 * <p>Fields are separated by commas and records by CRLF, LF or a lone CR. A field that starts with {@code "} is
 * quoted: it may hold commas, line breaks and doubled quotes ({@code ""} for one {@code "}), and must be followed by
 * a comma or the end of the record. A quote anywhere else in a field is an error, as RFC 4180 requires, rather
 * than silently kept. Spaces are never trimmed. Empty lines between records are skipped.
 */
final class CsvReader {
    private final String text;
    private int pos;
    private int line = 1;

    CsvReader(String text) {
        this.text = text;
    }

    /** Character offset of the next unread character. */
    int position() {
        return pos;
    }

    /** The next record, or null at the end of the text. */
    CsvRecord next() {
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
            return new CsvRecord(startLine, fields);
        }
    }

    private String plainField() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || isLineBreak(c)) break;
            if (c == '"') {
                throw new CsvSyntaxException(line, "a quote inside an unquoted field ("
                        + TextQuoting.quote(text.substring(start, Math.min(text.length(), pos + 1)), 60)
                        + "); quote the whole field and double the quotes inside it");
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quotedField() {
        int openLine = line;
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new CsvSyntaxException(openLine, "a quoted field is not closed before the end of the file");
            }
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
            throw new CsvSyntaxException(line, "unexpected " + TextQuoting.quote(String.valueOf(text.charAt(pos)))
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
}
