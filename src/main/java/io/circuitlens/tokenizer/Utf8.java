package io.circuitlens.tokenizer;

import java.io.ByteArrayOutputStream;

/**
 * UTF-8 conversion with the error handling GPT-2 tokenizers use, written out because the JDK's differs.
 *
 * <p>Decoding replaces each maximal invalid subpart with U+FFFD (the Unicode "best practice" that Python's
 * {@code errors="replace"} and WHATWG TextDecoder follow); the JDK decoder, for example, turns the encoded surrogate
 * {@code ED A0 80} into one U+FFFD where Python gives three. Encoding writes an unpaired surrogate as U+FFFD
 * ({@code EF BF BD}) where {@link String#getBytes} would write {@code ?}.
 */
final class Utf8 {
    private static final char REPLACEMENT = '\uFFFD';

    private Utf8() {}

    static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            int cp = ch;
            int width = 1;
            if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(ch, text.charAt(i + 1));
                width = 2;
            } else if (Character.isSurrogate(ch)) {
                cp = REPLACEMENT;
            }
            writeCodePoint(out, cp);
            i += width;
        }
        return out.toByteArray();
    }

    private static void writeCodePoint(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        } else {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3F);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
    }

    static String decode(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                out.append((char) lead);
                i++;
                continue;
            }
            // Continuation bytes needed and the allowed range of the first one (excludes overlongs, surrogates and
            // code points above U+10FFFF, per Unicode table 3-7).
            int need;
            int cp;
            int lo = 0x80;
            int hi = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
                cp = lead & 0x1F;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                cp = lead & 0x0F;
                if (lead == 0xE0) lo = 0xA0;
                if (lead == 0xED) hi = 0x9F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                cp = lead & 0x07;
                if (lead == 0xF0) lo = 0x90;
                if (lead == 0xF4) hi = 0x8F;
            } else {
                out.append(REPLACEMENT);
                i++;
                continue;
            }
            int j = i + 1;
            int got = 0;
            while (got < need && j < length) {
                int next = bytes[j] & 0xFF;
                int min = got == 0 ? lo : 0x80;
                int max = got == 0 ? hi : 0xBF;
                if (next < min || next > max) break;
                cp = cp << 6 | next & 0x3F;
                j++;
                got++;
            }
            if (got == need) {
                out.appendCodePoint(cp);
            } else {
                out.append(REPLACEMENT); // the lead byte plus the valid continuation bytes read so far
            }
            i = j;
        }
        return out.toString();
    }
}
