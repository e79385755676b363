package io.circuitlens.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command running in this process, as the process around it sees it: whether its stderr is a terminal (how
 * progress is drawn), and what a Ctrl-C has to tidy up and say. On SIGINT the JVM runs its shutdown hooks while the
 * command's thread is still working; {@link #interrupted()} (the hook, installed by {@link Main#main}) finishes the
 * progress line and tells the user whether a rerun resumes. After a command ends normally it says nothing.
 *
 * <p>Process-wide on purpose: a signal is. Tests that run commands in-process never install the hook.
 */
final class RunningCommand {
    private static PrintWriter err;
    private static boolean terminal;
    private static BarProgress bar;
    private static Path checkpoint;
    private static boolean resumeIgnored;

    private RunningCommand() {}

    static synchronized void start(PrintWriter stderr, boolean stderrIsTerminal) {
        err = stderr;
        terminal = stderrIsTerminal;
        bar = null;
        checkpoint = null;
        resumeIgnored = false;
    }

    static synchronized void end() {
        err = null;
        bar = null;
        checkpoint = null;
    }

    /** Whether progress may redraw a line in place: only when the command's stderr is the process's own, on a terminal. */
    static synchronized boolean stderrIsTerminal() {
        return err != null && terminal;
    }

    /** The progress bar now on screen (null when it is closed). */
    static synchronized void showing(BarProgress b) {
        bar = b;
    }

    /** The command saves a checkpoint there after each finished unit; {@code ignored}: run with --no-resume. */
    static synchronized void resumableFrom(Path partial, boolean ignored) {
        checkpoint = partial;
        resumeIgnored = ignored;
    }

    /** The shutdown hook: says nothing unless a command was cut short. */
    static void interrupted() {
        PrintWriter w;
        BarProgress b;
        String message;
        synchronized (RunningCommand.class) {
            if (err == null) return;
            w = err;
            b = bar;
            message = message(checkpoint, checkpoint != null && Files.isRegularFile(checkpoint), resumeIgnored);
        }
        if (b != null) b.interrupt();
        w.println(message);
        w.flush();
    }

    /**
     * What to tell the user after a Ctrl-C: how to resume when a checkpoint holds finished work (a rerun with
     * --no-resume would ignore it, so then it says to drop that option), else only that the run stopped.
     */
    static String message(Path checkpoint, boolean exists, boolean resumeIgnored) {
        if (checkpoint == null || !exists) return "circuitlens: interrupted";
        return "circuitlens: interrupted; rerun the same command" + (resumeIgnored ? " without --no-resume" : "")
                + " to resume from " + checkpoint;
    }
}
