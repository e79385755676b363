package io.circuitlens.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a task command writes its result, and whether it draws a progress bar: shared by all of them. */
final class ResultOptions {
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "Result file (written atomically).")
    Path out;
}
