package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the built-in datasets and word lists live: the repository's {@code datasets/} folder. The jar is not
 * packaged with them, so it is looked for, in order: the system property {@code circuitlens.datasets}, the
 * environment variable {@code CIRCUITLENS_DATASETS}, {@code ./datasets}, and {@code datasets/} next to the folder
 * holding the jar ({@code target/circuitlens.jar} → the repository root), which is where {@code bin/circuitlens} runs it from.
 */
public final class DatasetsDir {
    public static final String PROPERTY = "circuitlens.datasets";
    public static final String ENV = "CIRCUITLENS_DATASETS";

    private DatasetsDir() {}

    /** The datasets folder, or an error listing every place looked at. */
    public static Path find() {
        List<Path> tried = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) return explicit(Path.of(prop), "-D" + PROPERTY);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return explicit(Path.of(env), ENV);
        for (Path candidate : List.of(Path.of("datasets"), besideJar())) {
            if (candidate == null) continue;
            tried.add(candidate.toAbsolutePath().normalize());
            if (Files.isDirectory(candidate.resolve("wordlists"))) return candidate;
        }
        throw new CircuitLensException("cannot find the circuitlens datasets folder (with wordlists/ inside); looked at "
                + String.join(", ", tried.stream().map(Path::toString).toList()) + "; set " + ENV + " to it");
    }

    private static Path explicit(Path dir, String source) {
        if (!Files.isDirectory(dir)) throw new CircuitLensException(source + " names " + dir + ", which is not a folder");
        return dir;
    }

    /** {@code datasets/} in the parent of the folder holding the code (the jar's target/ folder), if known. */
    private static Path besideJar() {
        try {
            var source = DatasetsDir.class.getProtectionDomain().getCodeSource();
            if (source == null) return null;
            Path code = Path.of(source.getLocation().toURI());
            Path parent = code.getParent() == null ? null : code.getParent().getParent();
            return parent == null ? null : parent.resolve("datasets");
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
