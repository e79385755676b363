package io.circuitlens.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's reversible map between the 256 byte values and 256 printable Unicode characters ("bytes_to_unicode").
 *
 * <p>Byte-level BPE works on bytes, but vocab.json and merges.txt store tokens as text, so each byte is shown as a
 * visible character: printable Latin-1 bytes ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for themselves and the
 * other 68 bytes (controls, space, NBSP, soft hyphen, ...) are shifted to U+0100 and up, in byte order. Space thus
 * becomes {@code Ġ} and newline {@code Ċ}. The order in which bytes are listed here is also the order of GPT-2's
 * first 256 token ids. The tables are constants filled once.
 */
public final class ByteUnicodeMap {
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Index = character (all mapped characters are below U+0144), value = byte or -1. */
    private static final int[] CHAR_TO_BYTE;
    /** Bytes in GPT-2's vocabulary order: the printable ones first, then the shifted ones. */
    private static final int[] BYTES_IN_VOCAB_ORDER = new int[256];

    static {
        int count = 0;
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable[b]) {
                BYTE_TO_CHAR[b] = (char) b;
                BYTES_IN_VOCAB_ORDER[count++] = b;
            }
        }
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                BYTE_TO_CHAR[b] = (char) (256 + shifted++);
                BYTES_IN_VOCAB_ORDER[count++] = b;
            }
        }
        CHAR_TO_BYTE = new int[256 + shifted];
        Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteUnicodeMap() {}

    /** The character that stands for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte that character {@code c} stands for, or -1 if {@code c} is not one of the 256 byte characters. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The byte whose token has id {@code index} (0..255) in GPT-2's vocabulary. */
    public static int byteAtVocabIndex(int index) {
        return BYTES_IN_VOCAB_ORDER[index];
    }
}
