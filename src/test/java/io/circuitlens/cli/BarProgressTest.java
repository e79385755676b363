package io.circuitlens.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The progress bar's output, driven by a fake clock: what is drawn when, on a terminal and in a log file. */
class BarProgressTest {
    /** A clock the test moves by hand. */
    static final class Clock {
        long nanos = 1_000_000_000_000L;

        void seconds(double s) {
            nanos += (long) (s * 1e9);
        }
    }

    final Clock clock = new Clock();
    final StringWriter text = new StringWriter();

    BarProgress bar(boolean terminal) {
        return new BarProgress(new PrintWriter(text), "attribute ig", "rows", terminal, () -> clock.nanos);
    }

    List<String> lines() {
        return text.toString().lines().toList();
    }

    @Test
    void nothingIsDrawnBeforeTheTotalIsKnown() {
        for (boolean terminal : new boolean[] {false, true}) {
            try (BarProgress b = bar(terminal)) {
                clock.seconds(10);
                b.advance(5);
            }
            assertEquals("", text.toString(), "terminal " + terminal);
        }
    }

    @Test
    void aLogGetsPlainLinesAtTenPercentStepsAtMostEveryFewSecondsAndTheLastLineOnce() {
        BarProgress b = bar(false);
        b.total(3085);
        clock.seconds(1);
        b.advance(400); // 12%, but only a second in: too soon for a line
        assertEquals("", text.toString());
        clock.seconds(11);
        b.advance(834); // 40% after 12 s: 1234 rows at ~102.8 rows/s leave 1851 rows, ~18 s
        assertEquals(List.of("attribute ig: 40% (1234/3085 rows), 12 s elapsed, ~18 s left"), lines());
        clock.seconds(1);
        b.advance(400); // 52%: a new step, but one second after the last line
        assertEquals(1, lines().size(), text.toString());
        clock.seconds(5);
        b.advance(10); // 53%: the 50% step, now that enough time has passed
        assertEquals("attribute ig: 53% (1644/3085 rows), 18 s elapsed, ~16 s left", lines().get(1));
        clock.seconds(6);
        b.advance(10); // still in the 50% step: nothing, however long it has been
        assertEquals(2, lines().size(), text.toString());
        clock.seconds(10);
        b.advance(1431);
        b.close();
        b.close();
        assertEquals("attribute ig: 100% (3085/3085 rows), 34 s elapsed", lines().getLast());
        assertEquals(3, lines().size(), "the last line once: " + text);
        assertFalse(text.toString().contains("\r"), "no terminal frames in a log");
    }

    @Test
    void aFinishedStateAlreadyPrintedIsNotPrintedAgainAtTheEnd() {
        BarProgress b = bar(false);
        b.total(10);
        clock.seconds(5);
        b.advance(10);
        b.close();
        assertEquals(List.of("attribute ig: 100% (10/10 rows), 5 s elapsed"), lines());
    }

    @Test
    void aTerminalGetsOneRedrawnLineFinishedOnce() {
        BarProgress b = bar(true);
        b.total(200);
        assertTrue(text.toString().startsWith("\rattribute ig   0% ["), text.toString());
        clock.seconds(0.05);
        b.advance(10); // within the frame interval: not redrawn
        int before = text.toString().length();
        clock.seconds(1);
        b.advance(70);
        assertTrue(text.toString().length() > before);
        assertTrue(text.toString().endsWith("\rattribute ig  40% [======          ] 80/200 rows, 1 s elapsed, ~2 s left"), text.toString());
        clock.seconds(2);
        b.advance(120);
        b.close();
        b.close();
        String s = text.toString();
        assertTrue(s.endsWith("\n"), s);
        String lastFrame = s.substring(s.lastIndexOf('\r') + 1);
        assertEquals("attribute ig 100% [================] 200/200 rows, 3 s elapsed", lastFrame.strip());
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line, finished once: " + s);
    }

    @Test
    void aTerminalFrameFitsAnEightyColumnTerminal() {
        BarProgress b = new BarProgress(new PrintWriter(text), "attribute split-ig", "rows", true, () -> clock.nanos);
        b.total(10_000);
        clock.seconds(600);
        b.advance(1_000); // with the bar this frame would be 97 characters: the bar goes
        assertEquals("attribute split-ig  10% 1000/10000 rows, 10 min 00 s elapsed, ~1 h 30 min left", lastFrame().strip());
        b.total(990_000);
        clock.seconds(1);
        b.advance(99_000); // still too wide: what is left matters more than what has passed
        assertEquals("attribute split-ig  10% 100000/1000000 rows, ~1 h 30 min left", lastFrame().strip());
        for (String f : text.toString().split("\r")) assertTrue(f.length() <= BarProgress.FRAME_MAX, "'" + f + "'");
    }

    private String lastFrame() {
        String s = text.toString();
        return s.substring(s.lastIndexOf('\r') + 1);
    }

    @Test
    void moreWorkAnnouncedLaterNeverMakesThePercentageGoBackwards() {
        for (boolean terminal : new boolean[] {false, true}) {
            text.getBuffer().setLength(0);
            BarProgress b = bar(terminal);
            b.total(100);
            for (int i = 0; i < 10; i++) {
                clock.seconds(4);
                b.advance(10);
            }
            b.total(100); // a second unit: 100/200 would be 50%
            for (int i = 0; i < 10; i++) {
                clock.seconds(4);
                b.advance(10);
            }
            b.close();
            String s = text.toString();
            assertTrue(Pattern.compile("\\d+/200 rows").matcher(s).find(), "the new total is shown: " + s);
            List<Integer> percents = new ArrayList<>();
            Matcher m = Pattern.compile("(\\d+)% ").matcher(s);
            while (m.find()) percents.add(Integer.parseInt(m.group(1)));
            for (int i = 1; i < percents.size(); i++) {
                assertTrue(percents.get(i) >= percents.get(i - 1), "terminal " + terminal + ": " + percents + " in " + s);
            }
            assertEquals(100, percents.getLast());
            if (!terminal) {
                // the second unit still gets lines, one per tenth of the work, without a falling percentage
                assertTrue(s.lines().filter(l -> l.matches("attribute ig: \\d+/200 rows, .*")).count() >= 3, s);
            }
        }
    }

    @Test
    void anInterruptFinishesTheTerminalLineAndStopsDrawing() {
        BarProgress b = bar(true);
        b.total(100);
        clock.seconds(1);
        b.advance(30);
        b.interrupt();
        assertTrue(text.toString().endsWith("rows, 1 s elapsed, ~2 s left\n"), text.toString());
        String at = text.toString();
        clock.seconds(5);
        b.advance(30); // the work thread goes on until the JVM stops it
        b.close();
        assertEquals(at, text.toString());
    }

    @Test
    void anInterruptedLogShowsHowFarItGot() {
        BarProgress b = bar(false);
        b.total(100);
        clock.seconds(1);
        b.advance(30);
        b.interrupt();
        assertEquals(List.of("attribute ig: 30% (30/100 rows), 1 s elapsed, ~2 s left"), lines());
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertEquals("0 s", ProgressText.duration(0.2));
        assertEquals("59 s", ProgressText.duration(59.4));
        assertEquals("3 min 05 s", ProgressText.duration(185));
        assertEquals("2 h 07 min", ProgressText.duration(2 * 3600 + 7 * 60 + 30));
        assertEquals("12 s elapsed", ProgressText.timing(0, 10, 12));
        assertEquals("12 s elapsed", ProgressText.timing(10, 10, 12));
        assertEquals("12 s elapsed, ~36 s left", ProgressText.timing(1, 4, 12));
    }
}
