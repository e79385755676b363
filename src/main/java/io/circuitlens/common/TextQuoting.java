package io.circuitlens.common;

/**
 * Quotes text for one-line messages and tables: wraps it in double quotes and escapes quotes, backslashes and control
 * characters, so that a prompt or token containing a newline cannot break a message over several lines.
 */
public final class TextQuoting {
    private TextQuoting() {}

    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@link #quote} of at most {@code max} characters of text, cut with "..." (never inside a surrogate pair). */
    public static String quote(String text, int max) {
        if (text.length() <= max) return quote(text);
        int cut = Character.isHighSurrogate(text.charAt(max - 4)) ? max - 4 : max - 3;
        return quote(text.substring(0, cut) + "...");
    }
}
