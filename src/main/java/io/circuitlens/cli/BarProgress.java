package io.circuitlens.cli;

import io.circuitlens.runs.Progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress of a long library call on stderr (nothing with --quiet). On a terminal one line is redrawn in place
 * ({@code \r} frames, at most every {@value #FRAME_MILLIS} ms); in a log file or pipe plain lines are printed instead,
 * one when the run passes a further 10% step but no more often than every {@value #LINE_SECONDS} s, so logs stay short
 * and readable. Nothing is drawn before the total is known, and the last state is printed once, when the run ends.
 *
 * <p>Work may be announced in several parts ({@link #total} adds). The percentage never goes backwards: when new work
 * makes it fall below what was shown, the counts with the new total are shown without a percentage until it catches
 * up.
 */
final class BarProgress implements Progress, AutoCloseable {
    static final int FRAME_MILLIS = 200;
    static final int LINE_SECONDS = 3;
    private static final int BAR_WIDTH = 16;
    /** Characters a terminal frame may take: the width of the narrowest common terminal, less one for the cursor. */
    static final int FRAME_MAX = 79;

    private final PrintWriter err;
    private final String task;
    private final String unit;
    private final boolean terminal;
    private final LongSupplier nanoClock;

    private long total;
    private long done;
    private long start;
    /** When a line was last drawn (at first: the start, so a log's first line comes a few seconds in). */
    private long lastDrawn;
    /** The highest percentage and 10% step shown so far (-1: none). */
    private int shownPercent = -1;
    private int shownStep = 0;
    /** The state last drawn. */
    private long lastDone = -1;
    private long lastTotal = -1;
    /** Characters of the frame now on the terminal line (0: the line is clean). */
    private int frameWidth;
    private boolean finished;

    /**
     * The bar of a running command, counting {@code unit} (rows: patched prompt copies) on its stderr, drawn as the
     * process's stderr allows; {@code show} false for --quiet.
     */
    BarProgress(boolean show, String task, String unit, PrintWriter err) {
        this(show ? err : null, task, unit, RunningCommand.stderrIsTerminal(), System::nanoTime);
        if (show) RunningCommand.showing(this);
    }

    /** @param err null to draw nothing; @param terminal whether {@code err} is a terminal (redraw) or a file (lines) */
    BarProgress(PrintWriter err, String task, String unit, boolean terminal, LongSupplier nanoClock) {
        this.err = err;
        this.task = task;
        this.unit = unit;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void total(long units) {
        if (units <= 0) return;
        if (total == 0) {
            start = nanoClock.getAsLong();
            lastDrawn = start;
        }
        total += units;
        if (terminal) draw(false);
    }

    @Override
    public synchronized void advance(long units) {
        done += units;
        draw(false);
    }

    /** The run ended (or failed): its final state, once, and the terminal line finished. */
    @Override
    public synchronized void close() {
        if (finished) return;
        draw(true);
        finishLine();
        RunningCommand.showing(null);
    }

    /** Ctrl-C: the work thread is still running, so stop drawing and leave the line as it stands, finished. */
    synchronized void interrupt() {
        if (finished) return;
        if (!terminal) draw(true); // the log then shows how far it got
        finishLine();
    }

    private void finishLine() {
        if (err != null && frameWidth > 0) {
            err.println();
            err.flush();
        }
        frameWidth = 0;
        finished = true;
    }

    private void draw(boolean last) {
        if (err == null || finished || total == 0) return;
        if (last && done == lastDone && total == lastTotal) return; // already on screen: print the last line once
        long now = nanoClock.getAsLong();
        int percent = (int) Math.min(100, 100 * done / total);
        boolean showPercent = percent >= shownPercent;
        if (!last && terminal && done < total && frameWidth > 0 && now - lastDrawn < FRAME_MILLIS * 1_000_000L) return;
        if (!last && !terminal) {
            // the next 10% step; while new work holds the percentage back, the next tenth of the work done
            boolean step = showPercent ? percent / 10 > shownStep : (done - lastDone) * 10 >= total;
            if (!step || now - lastDrawn < LINE_SECONDS * 1_000_000_000L) return;
        }
        if (showPercent) {
            shownPercent = percent;
            shownStep = percent / 10;
        }
        String line = line(showPercent ? percent : -1, (now - start) / 1e9);
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, frameWidth - line.length())));
            frameWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
        lastDrawn = now;
        lastDone = done;
        lastTotal = total;
    }

    /** "attribute ig: 40% (1234/3085 rows), 12 s elapsed, ~18 s left", with a bar on a terminal; percent -1: none. */
    private String line(int percent, double seconds) {
        String counts = done + "/" + total + " " + unit;
        String timing = ", " + ProgressText.timing(done, total, seconds);
        if (!terminal) return task + ": " + (percent >= 0 ? percent + "% (" + counts + ")" : counts) + timing;
        String pct = percent >= 0 ? String.format(" %3d%%", percent) : "";
        String frame = task + pct + bar(percent) + " " + counts + timing;
        // a frame wider than the terminal wraps, and \r then redraws only its last part: drop the bar, then the elapsed
        // time (what is left matters more), then cut
        if (frame.length() > FRAME_MAX) frame = task + pct + " " + counts + timing;
        String left = ProgressText.left(done, total, seconds);
        if (frame.length() > FRAME_MAX && !left.isEmpty()) frame = task + pct + " " + counts + ", " + left;
        return frame.length() > FRAME_MAX ? frame.substring(0, FRAME_MAX) : frame;
    }

    private static String bar(int percent) {
        if (percent < 0) return "";
        int filled = percent * BAR_WIDTH / 100;
        return " [" + "=".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "]";
    }
}
