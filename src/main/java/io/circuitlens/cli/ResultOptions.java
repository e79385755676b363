package io.circuitlens.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Where a task command writes its result, and whether it draws a progress bar: shared by all of them. */
final class ResultOptions {
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "Result file (written atomically).")
    Path out;

    /** The command's progress bar on stderr (draws nothing with --quiet). */
    BarProgress progress(String task, PrintWriter err) {
        return new BarProgress(!quiet, task, "rows", err);
    }

    /** Before any work: see {@link OutputPath#file}. */
    void check(PrintWriter err) {
        OutputPath.file("--out", out, err);
    }
}
