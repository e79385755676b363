package io.circuitlens.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a separate JVM running one of our main classes on the test classpath, with the JVM flags the engine
 * needs, its stdout and stderr going to files (a pipe could block it). For what only a real process shows: signals,
 * and warnings libraries print straight to the process's stderr.
 */
final class CliProcess {
    final Process process;
    final Path stdout;
    final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static CliProcess start(Path logs, Class<?> main, List<String> args) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Path out = logs.resolve("stdout.txt");
        Path err = logs.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new CliProcess(p, out, err);
    }

    String out() throws IOException {
        return Files.readString(stdout);
    }

    String err() throws IOException {
        return Files.readString(stderr);
    }

    /** The JVM's own notice that the Vector API is an incubator module is expected; every other line is the program's. */
    static List<String> programLines(String text) {
        return text.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
    }
}
