package io.circuitlens.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test strings for comparing against the JavaScript reference encoder: handpicked edge cases plus deterministic
 * pseudo-random mixes of words, spaces, digits, punctuation, scripts and emoji.
 *
 * <p>Left out on purpose: characters whose whitespace status differs between JavaScript's {@code \s} and
 * Python-regex {@code \s} (U+0085 NEL is White_Space but not JS whitespace; U+FEFF and, in old engines, U+180E are JS
 * whitespace but not White_Space), and unpaired surrogates (JavaScript encodes them as U+FFFD, Python refuses them).
 * Random code points also skip characters the JDK does not know, because node may use a newer Unicode version, and
 * the literal {@code <|endoftext|>} appears only in handpicked strings.
 */
final class ReferenceCorpus {
    private ReferenceCorpus() {}

    static List<String> handpicked() {
        List<String> texts = new ArrayList<>(List.of(
                "", " ", "  ", "   ", "a", " a", "a ", " a ", "Hello world", "Hello, world!",
                "When Mary and John went to the store, John gave a drink to",
                "The Eiffel Tower is located in the city of",
                "  leading spaces", "trailing spaces   ", "multiple   spaces   between   words",
                "tab\tseparated\tvalues", "\ttab first", "tab last\t", "\t\t\tindented",
                "line\nbreak", "para\n\nbreak", "space before newline \nnext", "newline then space\n next",
                "\n", "\n\n", "\n\n\n", " \n", "\n ", " \n \n ", "\r\n", "windows\r\nline\r\nendings\r\n",
                "mixed \t\n whitespace \u000B\u000C end", "ends with newline\n", "ends with spaces and newline  \n",
                "it's", "don't", "they're", "we've", "I'm", "you'll", "he'd", "IT'S", "DON'T", "THEY'RE", "I'M",
                "It'S mixed", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "''s", "'''", "' s", "'sss", "'lll",
                "it\u2019s curly", "don\u2019t", "\u2018quoted\u2019", "\u201Cdouble\u201D", "rock 'n' roll",
                "0", "7", "42", "123", "1234", "12345", "3.14159", "1,000,000", "2024-01-15", "1e10", "-17",
                "31415926535897932384626433832795028841971693993751", "phone: +1 (555) 012-3456", "v1.2.3",
                "abc123def456", "ABC 123 def", " 1 2 3", "  99 bottles",
                "!!!", "???", "...", "…", "?!?!", "--", "---", "-->", "<!-- comment -->", "#$%&*@^",
                "(parentheses)", "[brackets]", "{braces}", "\"quotes\"", "a,b,c", ",,,", ";;", "::", "~`|\\/",
                "\",\"", "\"],\"[", "','", "\",\",\"", "],[],[", "}, {\"", "'],['", ".\",\"", "(\",\")",
                "http://example.invalid/path?query=1&x=2#frag", "user@example.invalid", "#hashtag @mention",
                "snake_case_name", "camelCaseName", "PascalCaseName", "kebab-case-name", "SCREAMING_SNAKE",
                "def f(x):\n    return x ** 2\n", "for (int i = 0; i < n; i++) { sum += a[i]; }",
                "{\"key\": [1, 2, 3], \"nested\": {\"a\": null}}", "<div class=\"x\">text</div>",
                "café", "naïve résumé", "Ångström", "Zürich Straße", "façade", "œuvre", "Łódź", "Dvořák",
                "e\u0301", "cafe\u0301", "a\u0308\u0304", " \u0301", "\u0301", "Z\u0351\u036B\u0343\u036A",
                "Καλημέρα κόσμε", "ΑΒΓ αβγ", "Привет, мир!", "Здравствуйте", "Ёлка",
                "你好，世界", "日本語のテキスト", "한국어 텍스트", "漢字かなカナ",
                "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "ሰላም", "Γειά σου",
                "\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDE00", "emoji \uD83D\uDE80 rocket", "\uD83D\uDC4D\uD83C\uDFFD",
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66", "\uD83C\uDDEB\uD83C\uDDF7",
                "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", "\u2764\uFE0F", "\uD83D\uDC4B\uD83C\uDFFF hi",
                "\uD83E\uDDD1\u200D\uD83D\uDCBB coder", "a\uD83D\uDE00b", " \uD83D\uDE00", "1\uD83D\uDE00",
                "non\u00A0breaking", "\u00A0", " \u00A0 ", "thin\u2009space", "en\u2002space", "em\u2003space",
                "ideographic\u3000space", "narrow\u202Fnbsp", "math\u205Fspace", "ogham\u1680space",
                "line\u2028separator", "para\u2029separator", "zero\u200Bwidth", "joiner\u200Dx", "soft\u00ADhyphen",
                "\u00A0\u00A0word", "word\u3000\u3000", "\u2003\u2003\n",
                "²³¹", "½ ¼ ¾", "Ⅻ ⅻ", "①②③", "١٢٣٤", "१२३", "１２３", "x²", "H₂O",
                "ﬁ ligature", "ﬀ", "Ｆｕｌｌｗｉｄｔｈ", "ｶﾀｶﾅ", "\u0000null", "bell\u0007", "esc\u001B[0m",
                "\u001C\u001D\u001E\u001F separators", "\u007F del", "\u0080\u0081 c1",
                "word<|endoftext|>next", "<|endoftext|>", "<|endoftext|><|endoftext|>", " <|endoftext|> ",
                "a <|endoftext|>b", "<|endoftext|>\n\nStart", "<|endoftext", "endoftext|>", "<|end|>",
                "\uD800\uDC00 linear B", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝟘𝟙𝟚", "\uD835\uDC00\uD835\uDC01",
                "Ǆ ǅ ǆ titlecase", "ʰʲ modifier", "ㄅㄆ bopomofo"));
        texts.add("word ".repeat(400));
        texts.add("a".repeat(500));
        texts.add("9".repeat(300));
        texts.add("!?".repeat(200));
        texts.add(" ".repeat(100) + "x" + "\n".repeat(50));
        texts.add("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore "
                .repeat(20));
        return texts;
    }

    private static final String[] WORDS = {
        "the", "of", "and", "to", "in", "is", "was", "Mary", "John", "store", "drink", "gave", "Paris", "tower",
        "interpretability", "mechanistic", "circuit", "attention", "transformer", "GPT", "Hello", "WORLD",
        "antidisestablishmentarianism", "x", "I", "a", "unbelievable", "Tokenization", "élan", "Öl", "ñandú",
    };
    private static final String[] SPACES = {
        " ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", " \n", "\n ", "\r\n", "\u000B", "\u000C", "\u00A0", "\u2009",
        "\u2002", "\u3000", "\u202F", "\u205F", "\u1680", "\u2028", "\u2029", " \t ", "\t\n",
    };
    private static final String[] CONTRACTIONS = {
        "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'VE", "'M", "'LL", "'D", "\u2019s", "\u2019t",
        "'", "''", "'x",
    };
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»—–…·•†‰€£¥©®°±×÷§¶";
    private static final String[] SCRIPTS = {
        "Ελληνικά", "αβγδε", "Русский", "язык", "中文字符", "日本語", "ひらがな", "カタカナ", "한국어", "العربية", "עברית",
        "हिन्दी", "ไทย", "ქართული", "Հայերեն", "ᚠᚢᚦ", "ʃəˈwɑː", "Ꭰꭱ", "𐌰𐌱", "ꦗꦮ",
    };
    private static final String[] EMOJI = {
        "\uD83D\uDE00", "\uD83D\uDE02", "\uD83E\uDD14", "\uD83D\uDC4D", "\uD83D\uDC4D\uD83C\uDFFB",
        "\uD83D\uDC4D\uD83C\uDFFF", "\uD83D\uDC69\u200D\uD83D\uDD2C", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC66",
        "\uD83C\uDDEF\uD83C\uDDF5", "\u2764\uFE0F", "\u2728", "\u2603", "\uD83C\uDF89", "\uD83E\uDDEC", "#\uFE0F\u20E3",
        "\uD83C\uDFF4\u200D\u2620\uFE0F",
    };
    private static final String[] COMBINING = {"\u0301", "\u0300", "\u0308", "\u0327", "\u0303", "\u20DD", "\u0489"};
    /** Well-established blocks to draw random code points from: {first, last}. */
    private static final int[][] BLOCKS = {
        {0x20, 0x7E}, {0xA0, 0xFF}, {0x100, 0x24F}, {0x250, 0x2FF}, {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x4FF},
        {0x530, 0x58F}, {0x590, 0x5FF}, {0x600, 0x6FF}, {0x900, 0x97F}, {0xE00, 0xE7F}, {0x10A0, 0x10FF},
        {0x1100, 0x11FF}, {0x2000, 0x206F}, {0x2070, 0x209F}, {0x20A0, 0x20BF}, {0x2100, 0x218F}, {0x2190, 0x21FF},
        {0x2200, 0x22FF}, {0x2460, 0x24FF}, {0x2500, 0x257F}, {0x3000, 0x303F}, {0x3040, 0x30FF}, {0x4E00, 0x9FFF},
        {0xAC00, 0xD7A3}, {0xFF00, 0xFFEF}, {0x1F300, 0x1F5FF}, {0x1F600, 0x1F64F}, {0x1D400, 0x1D7FF},
    };

    /** {@code count} pseudo-random strings; the same for a given seed. */
    static List<String> random(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(14);
            for (int p = 0; p < parts; p++) {
                appendPart(text, random);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static void appendPart(StringBuilder text, SplittableRandom random) {
        switch (random.nextInt(11)) {
            case 0, 1, 2 -> text.append(WORDS[random.nextInt(WORDS.length)]);
            case 3 -> text.append(SPACES[random.nextInt(SPACES.length)]);
            case 4 -> text.append(CONTRACTIONS[random.nextInt(CONTRACTIONS.length)]);
            case 5 -> {
                int digits = 1 + random.nextInt(random.nextBoolean() ? 4 : 25);
                for (int i = 0; i < digits; i++) text.append((char) ('0' + random.nextInt(10)));
            }
            case 6 -> {
                int length = 1 + random.nextInt(6);
                for (int i = 0; i < length; i++) text.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
            }
            case 7 -> text.append(SCRIPTS[random.nextInt(SCRIPTS.length)]);
            case 8 -> text.append(EMOJI[random.nextInt(EMOJI.length)]);
            case 9 -> text.append(COMBINING[random.nextInt(COMBINING.length)]);
            default -> {
                int length = 1 + random.nextInt(5);
                for (int i = 0; i < length; i++) text.appendCodePoint(randomCodePoint(random));
            }
        }
    }

    private static int randomCodePoint(SplittableRandom random) {
        while (true) {
            int[] block = BLOCKS[random.nextInt(BLOCKS.length)];
            int cp = block[0] + random.nextInt(block[1] - block[0] + 1);
            boolean excluded = cp == 0x85 || cp == 0xFEFF || cp == 0x180E || (cp >= 0xD800 && cp <= 0xDFFF)
                    || !Character.isDefined(cp);
            if (!excluded) return cp;
        }
    }
}
