package io.circuitlens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteUnicodeMapTest {
    @Test
    void printableLatin1BytesStandForThemselves() {
        for (int b : new int[] {'!', 'A', 'z', '~', 0xA1, 0xAC, 0xAE, 0xE9, 0xFF}) {
            assertEquals((char) b, ByteUnicodeMap.charOf(b));
        }
    }

    @Test
    void otherBytesAreShiftedAbove255InByteOrder() {
        assertEquals('\u0100', ByteUnicodeMap.charOf(0x00)); // 'Ā'
        assertEquals('\u010A', ByteUnicodeMap.charOf('\n')); // 'Ċ'
        assertEquals('\u0120', ByteUnicodeMap.charOf(' ')); // 'Ġ', the familiar GPT-2 space
        assertEquals('\u0121', ByteUnicodeMap.charOf(0x7F));
        assertEquals('\u0142', ByteUnicodeMap.charOf(0xA0)); // NBSP
        assertEquals('\u0143', ByteUnicodeMap.charOf(0xAD)); // soft hyphen, the last shifted byte
    }

    @Test
    void isABijectionWithItsInverse() {
        Set<Character> chars = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteUnicodeMap.charOf(b);
            assertTrue(chars.add(c), "duplicate character for byte " + b);
            assertEquals(b, ByteUnicodeMap.byteOf(c));
            assertTrue(!Character.isWhitespace(c) && !Character.isISOControl(c), "character for byte " + b + " is visible");
        }
        assertEquals(-1, ByteUnicodeMap.byteOf('\u0144'));
        assertEquals(-1, ByteUnicodeMap.byteOf(' '));
        assertEquals(-1, ByteUnicodeMap.byteOf('\u4E2D'));
    }

    @Test
    void vocabOrderListsPrintableBytesFirst() {
        assertEquals('!', ByteUnicodeMap.byteAtVocabIndex(0));
        assertEquals('~', ByteUnicodeMap.byteAtVocabIndex(93));
        assertEquals(0xA1, ByteUnicodeMap.byteAtVocabIndex(94));
        assertEquals(0xFF, ByteUnicodeMap.byteAtVocabIndex(187));
        assertEquals(0x00, ByteUnicodeMap.byteAtVocabIndex(188));
        assertEquals(' ', ByteUnicodeMap.byteAtVocabIndex(188 + 32));
        assertEquals(0xAD, ByteUnicodeMap.byteAtVocabIndex(255));
        Set<Integer> bytes = new HashSet<>();
        for (int i = 0; i < 256; i++) bytes.add(ByteUnicodeMap.byteAtVocabIndex(i));
        assertEquals(256, bytes.size());
    }
}
