package io.circuitlens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void encodesLikeTheJdkForWellFormedText() {
        String text = "a é 中 \uD83D\uDE00 \u0000";
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Utf8.encode(text));
    }

    @Test
    void encodesUnpairedSurrogatesAsReplacementCharacter() {
        assertArrayEquals(new byte[] {'a', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'b'}, Utf8.encode("a\uD800b"));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}, Utf8.encode("\uDC00"));
    }

    @Test
    void decodesWellFormedText() {
        String text = "plain, é, Ж, 中文, \uD83D\uDC68\u200D\uD83D\uDC69";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, Utf8.decode(bytes, bytes.length));
    }

    /** Expected values are what Python's bytes.decode("utf-8", errors="replace") returns. */
    @Test
    void replacesEachMaximalInvalidSubpartLikePython() {
        assertDecodes("\uFFFD\uFFFD", 0xE0, 0x80); // E0 needs A0..BF next
        assertDecodes("\uFFFD", 0xF0, 0x9F, 0x98); // truncated emoji: one replacement
        assertDecodes("\uFFFD\uFFFD\uFFFD", 0xED, 0xA0, 0x80); // encoded surrogate (the JDK gives one)
        assertDecodes("\uFFFD\uFFFD", 0xC0, 0xAF); // overlong
        assertDecodes("\uFFFD\uFFFD\uFFFD\uFFFD", 0xF4, 0x90, 0x80, 0x80); // above U+10FFFF
        assertDecodes("\uFFFDa", 0xE2, 0x82, 'a');
        assertDecodes("\uFFFD\uFFFD", 0xFF, 0xFE);
        assertDecodes("x\uFFFD", 'x', 0x80);
        assertDecodes("\u20AC", 0xE2, 0x82, 0xAC);
    }

    private static void assertDecodes(String expected, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) bytes[i] = (byte) values[i];
        assertEquals(expected, Utf8.decode(bytes, bytes.length));
    }
}
