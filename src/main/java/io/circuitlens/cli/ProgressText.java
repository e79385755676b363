package io.circuitlens.cli;

import java.util.Locale;

/** The words of a progress report: durations, and the elapsed time with an estimate of what is left. */
final class ProgressText {
    private ProgressText() {}

    /** 42 s, 3 min 05 s, 2 h 07 min: the precision a person waiting for a run needs. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /**
     * "12 s elapsed, ~18 s left": what is left assumes the rest goes at the average rate so far (the units of one job
     * cost about the same: rows of batched passes); no estimate before the first unit or after the last.
     */
    static String timing(long done, long total, double elapsedSeconds) {
        String left = left(done, total, elapsedSeconds);
        return duration(elapsedSeconds) + " elapsed" + (left.isEmpty() ? "" : ", " + left);
    }

    /** "~18 s left", or "" when there is no estimate. */
    static String left(long done, long total, double elapsedSeconds) {
        return done > 0 && done < total ? "~" + duration(elapsedSeconds * (total - done) / done) + " left" : "";
    }
}
