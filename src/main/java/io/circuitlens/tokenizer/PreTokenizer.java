package io.circuitlens.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into the pieces GPT-2 runs BPE on, exactly as OpenAI's pattern
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} does under Python's
 * {@code regex} module.
 *
 * <p>The pattern is hand-compiled into a scanner instead of using {@link java.util.regex}: it is faster, and it pins
 * the character classes down explicitly (Java's default {@code \s} is ASCII-only). Every position is covered by some
 * alternative, so the pieces tile the text. Works on code points, like Python; an unpaired surrogate counts as
 * "other" (general category Cs), as it does in a Unicode-aware regex.
 */
final class PreTokenizer {
    private PreTokenizer() {}

    private enum Kind { LETTER, NUMBER, SPACE, OTHER }

    /** The pieces of {@code text}, in order; their concatenation is {@code text}. */
    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = matchAt(text, i);
            pieces.add(text.substring(i, end));
            i = end;
        }
        return pieces;
    }

    /** End (exclusive, in chars) of the piece the pattern matches at {@code i}; alternatives are tried in order. */
    private static int matchAt(String text, int i) {
        int n = text.length();
        int c = text.codePointAt(i);
        if (c == '\'') {
            int contraction = contractionLength(text, i + 1);
            if (contraction > 0) return i + 1 + contraction;
        }
        // " ?X+" for X = letter, number, other: the optional space only sticks if the class run follows it.
        int runStart = i;
        Kind kind = kindOf(c);
        if (c == ' ' && i + 1 < n) {
            Kind next = kindOf(text.codePointAt(i + 1));
            if (next != Kind.SPACE) {
                runStart = i + 1;
                kind = next;
            }
        }
        if (kind != Kind.SPACE) {
            return runEnd(text, runStart, kind);
        }
        // "\s+(?!\S)" takes a whitespace run that reaches the end of the text; otherwise it backs off by one so the
        // last whitespace character can start the next piece (e.g. " word"). A run of one falls through to "\s+".
        int end = runEnd(text, i, Kind.SPACE);
        if (end == n) return end;
        int last = text.offsetByCodePoints(end, -1);
        return last > i ? last : end;
    }

    /** Length after the apostrophe of {@code 's 't 're 've 'm 'll 'd} (case-sensitive), or 0. */
    private static int contractionLength(String text, int i) {
        if (i >= text.length()) return 0;
        char a = text.charAt(i);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 1;
        if (i + 1 >= text.length()) return 0;
        char b = text.charAt(i + 1);
        boolean two = (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l');
        return two ? 2 : 0;
    }

    private static int runEnd(String text, int i, Kind kind) {
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (kindOf(c) != kind) break;
            i += Character.charCount(c);
        }
        return i;
    }

    private static Kind kindOf(int c) {
        if (isWhiteSpace(c)) return Kind.SPACE;
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> Kind.LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> Kind.NUMBER;
            default -> Kind.OTHER;
        };
    }

    /**
     * Unicode White_Space, which is what {@code \s} means in Python's {@code regex}: TAB..CR, NEL (U+0085) and the
     * space, line and paragraph separators (Zs, Zl, Zp). Not U+001C..U+001F (Python's str.isspace() includes those),
     * not U+FEFF (JavaScript's \s includes it).
     */
    static boolean isWhiteSpace(int c) {
        if ((c >= 0x09 && c <= 0x0D) || c == 0x85) return true;
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
