package io.circuitlens.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** What the Ctrl-C hook says and tidies up (the hook's body, called directly; InterruptTest sends a real SIGINT). */
class RunningCommandTest {
    @TempDir
    Path tmp;

    @AfterEach
    void end() {
        RunningCommand.end();
    }

    @Test
    void theMessageSaysHowToResumeOnlyWhenACheckpointHoldsWork() {
        Path partial = tmp.resolve("out.safetensors.partial");
        assertEquals("circuitlens: interrupted", RunningCommand.message(null, false, false));
        assertEquals("circuitlens: interrupted", RunningCommand.message(partial, false, false), "nothing finished yet: nothing to resume");
        assertEquals("circuitlens: interrupted; rerun the same command to resume from " + partial, RunningCommand.message(partial, true, false));
        assertEquals("circuitlens: interrupted; rerun the same command without --no-resume to resume from " + partial,
                RunningCommand.message(partial, true, true));
    }

    @Test
    void theHookFinishesTheProgressLineThenSaysWhereToResume() throws IOException {
        StringWriter err = new StringWriter();
        PrintWriter w = new PrintWriter(err);
        RunningCommand.start(w, true);
        long[] nanos = {0};
        BarProgress bar = new BarProgress(w, "attribute ap", "rows", true, () -> nanos[0]);
        RunningCommand.showing(bar);
        Path partial = Files.writeString(tmp.resolve("out.safetensors.partial"), "x");
        RunningCommand.resumableFrom(partial, false);
        bar.total(10);
        nanos[0] += 1_000_000_000L;
        bar.advance(3);
        RunningCommand.interrupted();
        String s = err.toString();
        assertTrue(s.contains("\rattribute ap  30% ["), s);
        assertTrue(s.endsWith("\ncircuitlens: interrupted; rerun the same command to resume from " + partial + "\n"), s);
        assertEquals(2, s.chars().filter(c -> c == '\n').count(), "the bar's line, then the message: " + s);
    }

    @Test
    void theHookSaysNothingOnceTheCommandHasEnded() {
        StringWriter err = new StringWriter();
        RunningCommand.start(new PrintWriter(err), false);
        RunningCommand.end();
        RunningCommand.interrupted(); // the JVM runs the hook at every exit, normal ones too
        assertEquals("", err.toString());
    }

    @Test
    void aCommandWithoutCheckpointsIsJustInterrupted() {
        StringWriter err = new StringWriter();
        RunningCommand.start(new PrintWriter(err), false);
        RunningCommand.interrupted();
        assertEquals("circuitlens: interrupted", err.toString().strip());
    }
}
