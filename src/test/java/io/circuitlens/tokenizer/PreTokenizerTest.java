package io.circuitlens.tokenizer;

import io.circuitlens.common.TextQuoting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {
    /** GPT-2's pattern; with UNICODE_CHARACTER_CLASS, Java's \s is White_Space as in Python's regex module. */
    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    @Test
    void splitsWordsWithTheirLeadingSpace() {
        assertEquals(List.of("Hello", ",", " world", "!"), PreTokenizer.split("Hello, world!"));
        assertEquals(List.of(" Mary", " and"), PreTokenizer.split(" Mary and"));
    }

    @Test
    void keepsLettersNumbersAndPunctuationApart() {
        assertEquals(List.of("abc", "123", "def", " 45", " !?", "x"), PreTokenizer.split("abc123def 45 !?x"));
    }

    @Test
    void splitsContractionsCaseSensitively() {
        assertEquals(List.of("it", "'s", " we", "'ll", " I", "'m"), PreTokenizer.split("it's we'll I'm"));
        assertEquals(List.of("IT", "'", "S"), PreTokenizer.split("IT'S"));
        assertEquals(List.of("it", "\u2019", "s"), PreTokenizer.split("it\u2019s"));
        assertEquals(List.of("''", "s"), PreTokenizer.split("''s"));
    }

    @Test
    void leavesTheLastSpaceOfARunToTheNextWord() {
        assertEquals(List.of("a", "  ", " b"), PreTokenizer.split("a   b"));
        assertEquals(List.of("a", " ", "\n", "b"), PreTokenizer.split("a \nb"));
        assertEquals(List.of("a", "\n\n   "), PreTokenizer.split("a\n\n   ")); // a run at the end stays whole
        assertEquals(List.of("a", "\n\n", " b"), PreTokenizer.split("a\n\n b"));
        assertEquals(List.of("\n\n"), PreTokenizer.split("\n\n"));
        assertEquals(List.of(), PreTokenizer.split(""));
    }

    @Test
    void usesUnicodeWhiteSpaceNotJavasAsciiDefault() {
        assertEquals(List.of("a", "\u00A0", "b"), PreTokenizer.split("a\u00A0b"));
        assertEquals(List.of("a", "\u3000", "b"), PreTokenizer.split("a\u3000b"));
        assertEquals(List.of("a", "\u0085", "b"), PreTokenizer.split("a\u0085b")); // NEL is White_Space
        assertEquals(List.of("a", "\uFEFF", "b"), PreTokenizer.split("a\uFEFFb")); // BOM is not
        assertEquals(List.of("a", "\u001C", "b"), PreTokenizer.split("a\u001Cb")); // nor the information separators
    }

    @Test
    void treatsSupplementaryCharactersAsSingleCodePoints() {
        assertEquals(List.of(" \uD835\uDC00\uD835\uDC01"), PreTokenizer.split(" \uD835\uDC00\uD835\uDC01")); // math letters
        assertEquals(List.of(" \uD83D\uDE00\uD83D\uDE00"), PreTokenizer.split(" \uD83D\uDE00\uD83D\uDE00"));
    }

    @Test
    void agreesWithJavaRegexInUnicodeModeOnRandomText() {
        int[] alphabet = {' ', ' ', '\t', '\n', '\r', 0x0B, 0x85, 0xA0, 0x2009, 0x2028, 0x3000, 0xFEFF, 0x1C, '\'', '\'',
                's', 't', 'r', 'e', 'v', 'l', 'd', 'm', 'S', 'x', 'é', 'Ж', '中', '1', '²', 'Ⅻ', '٣', '!', ',', '-',
                0x301, 0x200D, 0x1F600, 0x1D400, 0x1D7D8, 0xD800};
        SplittableRandom random = new SplittableRandom(11);
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
            String s = text.toString();
            assertEquals(regexSplit(s), PreTokenizer.split(s), () -> TextQuoting.quote(s));
        }
    }

    private static List<String> regexSplit(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = GPT2.matcher(text);
        while (matcher.find()) pieces.add(matcher.group());
        return pieces;
    }
}
