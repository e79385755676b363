package io.circuitlens.tasks;

import io.circuitlens.common.TextQuoting;

import java.util.ArrayList;
import java.util.List;

/**
 * Python list literals as the EAP-IG files hold answer sets ({@code [16840, 23685]}, {@code ['gem', 'gems']}): parsed
 * strictly (errors are {@link IllegalArgumentException}s with a readable reason) and written in the same form.
 */
final class PythonLists {
    private PythonLists() {}

    static int[] parseInts(String text) {
        String body = brackets(text);
        if (body.isBlank()) return new int[0];
        String[] parts = body.split(",", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            try {
                out[i] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("item " + (i + 1) + " of " + TextQuoting.quote(text, 60)
                        + " is not a whole number");
            }
        }
        return out;
    }

    /** Strings in single or double quotes with backslash escapes, as Python's repr writes them. */
    static List<String> parseStrings(String text) {
        String body = brackets(text).strip();
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char q = body.charAt(i);
            if (q != '\'' && q != '"') throw bad(text, "expected a quoted string at character " + (i + 1) + " of the list");
            StringBuilder s = new StringBuilder();
            i++;
            while (true) {
                if (i >= body.length()) throw bad(text, "a string is not closed");
                char c = body.charAt(i++);
                if (c == q) break;
                if (c == '\\') {
                    if (i >= body.length()) throw bad(text, "a string ends in a backslash");
                    c = body.charAt(i++);
                }
                s.append(c);
            }
            out.add(s.toString());
            while (i < body.length() && body.charAt(i) == ' ') i++;
            if (i < body.length()) {
                if (body.charAt(i) != ',') throw bad(text, "expected a comma after item " + out.size());
                i++;
                while (i < body.length() && body.charAt(i) == ' ') i++;
            }
        }
        return out;
    }

    static String formatInts(int[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) out.append(i == 0 ? "" : ", ").append(values[i]);
        return out.append(']').toString();
    }

    /** Single-quoted like Python's repr; a word holding a quote or backslash would need escapes, so it is refused. */
    static String formatStrings(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v.indexOf('\'') >= 0 || v.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("list item " + TextQuoting.quote(v) + " holds a quote or backslash");
            }
            out.append(i == 0 ? "" : ", ").append('\'').append(v).append('\'');
        }
        return out.append(']').toString();
    }

    private static String brackets(String text) {
        String t = text.strip();
        if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') {
            throw bad(text, "expected a list in brackets like [1, 2]");
        }
        return t.substring(1, t.length() - 1);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException(TextQuoting.quote(text, 60) + ": " + why);
    }
}
