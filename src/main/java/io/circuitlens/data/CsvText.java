package io.circuitlens.data;

import io.circuitlens.common.CircuitLensException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Strict UTF-8 decoding that names the line of a bad byte, and quoting of text for one-line error messages. */
final class CsvText {
    private CsvText() {}

    /** Decodes {@code bytes}, dropping a leading byte-order mark (spreadsheets write one). */
    static String decodeUtf8(Path file, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            int at = in.position();
            int line = 1; // line breaks counted as CsvReader counts them: CRLF, LF or a lone CR
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) line++;
            }
            String where = whereIs(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8), out.position());
            throw new CircuitLensException(file + ": " + (where == null ? "line " + line : where + " (line " + line + ")")
                    + ": not valid UTF-8 (byte offset " + at + ")");
        }
        return out.flip().toString();
    }

    /**
     * "header" or "row N" for the record holding character {@code at} of {@code text} (where malformed bytes became
     * U+FFFD, which changes no delimiter), or null if a syntax error comes first.
     */
    private static String whereIs(String text, int at) {
        CsvReader reader = new CsvReader(text);
        try {
            for (int record = 0; reader.next() != null; record++) {
                if (reader.position() > at) return record == 0 ? "header" : "row " + record;
            }
        } catch (CsvSyntaxException e) {
            return null;
        }
        return null;
    }

}
