package io.circuitlens.cli;

import java.util.Locale;

/** Number formatting for compare's and latent's tables: fixed width, "n/a" for undefined statistics. */
final class ReportFormat {
    private ReportFormat() {}

    /** %.4f, right-aligned in {@code width}; NaN as n/a. */
    static String fixed(double v, int width) {
        return pad(Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v), width);
    }

    /** %.4g (scores keep their units, which may be large or tiny), right-aligned in {@code width}. */
    static String general(double v, int width) {
        return pad(Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v), width);
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
