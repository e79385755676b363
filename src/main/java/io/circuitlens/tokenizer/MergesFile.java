package io.circuitlens.tokenizer;

import io.circuitlens.common.TextQuoting;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Hugging Face {@code merges.txt}: an optional {@code #version} header, then one merge per line, two tokens
 * separated by a space, highest priority first. Blank lines are ignored (the file normally ends with a newline).
 */
final class MergesFile {
    private MergesFile() {}

    /** One merge rule; {@code line} is 1-based, for error messages. */
    record Rule(String left, String right, int line) {}

    static List<Rule> read(Path file) {
        String text = decodeStrict(file, VocabFile.readBytes(file));
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#version")) continue;
            // Tokens never contain spaces (space is stored as 'Ġ'), so splitting on them is unambiguous.
            String[] parts = twoFields(line.strip());
            if (parts == null) {
                throw TokenizerFileException.corrupt(file, "line " + (i + 1) + " should be two tokens separated by a space, got "
                        + TextQuoting.quote(line));
            }
            rules.add(new Rule(parts[0], parts[1], i + 1));
        }
        return rules;
    }

    /** The two fields of a stripped line separated by a run of spaces or tabs, or null (a regex split per line of 50,000 is slow). */
    private static String[] twoFields(String line) {
        int end = 0;
        while (end < line.length() && !blank(line.charAt(end))) end++;
        int start = end;
        while (start < line.length() && blank(line.charAt(start))) start++;
        if (end == 0 || start == end || start == line.length()) return null;
        for (int i = start; i < line.length(); i++) {
            if (blank(line.charAt(i))) return null;
        }
        return new String[] {line.substring(0, end), line.substring(start)};
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String decodeStrict(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw TokenizerFileException.corrupt(file, "not valid UTF-8 text", e);
        }
    }
}
