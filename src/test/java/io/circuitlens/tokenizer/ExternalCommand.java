package io.circuitlens.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: runs a command with a time limit, its output going to a log file so it can never block on a pipe. */
final class ExternalCommand {
    private ExternalCommand() {}

    /** Outcome of a run: exit code (-1 if it could not start or timed out) and the end of its output. */
    record Result(int exitCode, String outputTail) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Result run(Path workDir, Path log, long timeoutSeconds, List<String> command) {
        try {
            Files.createDirectories(workDir);
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + tail(log));
            }
            int exitCode = process.exitValue();
            return new Result(exitCode, (exitCode == 0 ? "" : "exit code " + exitCode + ": ") + tail(log));
        } catch (IOException e) {
            return new Result(-1, "could not run " + command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() <= 2000 ? text.strip() : text.substring(text.length() - 2000).strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
