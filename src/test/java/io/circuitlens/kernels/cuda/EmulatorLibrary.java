package io.circuitlens.kernels.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The emulated kernels' shared library (kernels/test/build-emulator.sh), built with g++ once and rebuilt when a
 * source is newer than it. Tests that need it skip with {@link #unavailable()} as their message where g++ is
 * missing.
 */
final class EmulatorLibrary {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path OUT = ROOT.resolve("target/emulator/libcircuitlens-kernels-emulated.so");
    private static String problem;
    private static Path built;

    private EmulatorLibrary() {}

    /** The library, built if needed; empty when it cannot be (see {@link #unavailable()}). */
    static synchronized Optional<Path> path() {
        if (built != null) return Optional.of(built);
        if (problem != null) return Optional.empty();
        try {
            if (!onPath("g++")) {
                problem = "g++ not found: skipping the CUDA backend's tests on the emulated kernels";
                return Optional.empty();
            }
            if (stale()) build();
            built = OUT;
            return Optional.of(built);
        } catch (IOException | InterruptedException e) {
            problem = "building the emulated kernels failed: " + e.getMessage();
            return Optional.empty();
        }
    }

    static synchronized String unavailable() {
        return problem;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    private static boolean stale() throws IOException {
        if (!Files.exists(OUT)) return true;
        FileTime lib = Files.getLastModifiedTime(OUT);
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("kernels"))) {
            s.filter(p -> p.toString().endsWith(".cu") || p.toString().endsWith(".cuh")).forEach(sources::add);
        }
        try (Stream<Path> s = Files.list(ROOT.resolve("kernels/test"))) {
            s.filter(p -> p.toString().endsWith(".h") || p.toString().endsWith(".cpp") || p.toString().endsWith(".sh")).forEach(sources::add);
        }
        for (Path p : sources) {
            if (Files.getLastModifiedTime(p).compareTo(lib) > 0) return true;
        }
        return false;
    }

    private static void build() throws IOException, InterruptedException {
        Files.createDirectories(OUT.getParent());
        Path log = OUT.resolveSibling("build.log");
        Process p = new ProcessBuilder("bash", ROOT.resolve("kernels/test/build-emulator.sh").toString(), OUT.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("build-emulator.sh took over 5 minutes");
        }
        if (p.exitValue() != 0) throw new IOException("build-emulator.sh exited " + p.exitValue() + ": " + Files.readString(log).strip());
    }
}
