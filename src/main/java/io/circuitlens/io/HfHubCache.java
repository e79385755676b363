package io.circuitlens.io;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds GPT-2 checkpoints for {@code --model}: either a plain folder, or a repo id looked up in the Hugging Face hub
 * cache ({@code <root>/models--<org>--<name>/snapshots/<commit>/}, with {@code refs/main} naming the commit), the
 * same layout {@code huggingface_hub} writes, so a cache filled by Python tools is reused as is.
 */
public final class HfHubCache {
    /** Files a model folder must hold. */
    public static final List<String> MODEL_FILES = List.of("config.json", "model.safetensors", "vocab.json", "merges.txt");

    /** Snapshot name suggested for caches filled by hand. */
    public static final String MANUAL_SNAPSHOT = "manual";

    private final Path root;

    /** Cache at an explicit root folder. */
    public HfHubCache(Path root) {
        this.root = root;
    }

    /**
     * Cache root chosen like {@code huggingface_hub}: {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else
     * {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code <home>/.cache/huggingface/hub}.
     */
    public HfHubCache(Map<String, String> env, Path home) {
        this(rootFor(env, home));
    }

    /** The cache of the current user and process environment. */
    public static HfHubCache fromEnvironment() {
        return new HfHubCache(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Resolves a {@code --model} argument with the real environment; see {@link #resolve}. */
    public static Path resolveModel(String arg) {
        return fromEnvironment().resolve(arg);
    }

    public Path root() {
        return root;
    }

    /** {@code <root>/models--org--name}. */
    public Path repoFolder(String repoId) {
        return root.resolve(RepoIds.folderName(repoId));
    }

    /** Where to put the files by hand: {@code <root>/models--org--name/snapshots/manual}. */
    public Path manualSnapshot(String repoId) {
        return repoFolder(repoId).resolve("snapshots").resolve(MANUAL_SNAPSHOT);
    }

    /**
     * An existing folder is used directly (it must hold {@link #MODEL_FILES}); anything else is taken as a repo id
     * and looked up in the cache, under its aliases too. Failures name what is missing and how to fix it.
     */
    public Path resolve(String arg) {
        if (arg == null || arg.isBlank()) throw new CircuitLensException("no model given: pass a folder or a Hugging Face repo id such as gpt2");
        Optional<Path> asPath = asExistingPath(arg);
        if (asPath.isPresent()) {
            Path p = asPath.get();
            if (!Files.isDirectory(p)) {
                throw new CircuitLensException("model '" + arg + "' is a file; pass the folder that holds " + String.join(", ", MODEL_FILES));
            }
            List<String> missing = missingFiles(p);
            if (!missing.isEmpty()) throw new CircuitLensException("model folder " + p + " lacks " + describeMissing(p, missing));
            return p;
        }
        if (!RepoIds.isValid(arg)) {
            throw new CircuitLensException("model '" + arg + "' is not an existing folder (nor a Hugging Face repo id)");
        }
        Path incomplete = null;
        for (String id : RepoIds.candidates(arg)) {
            Optional<Path> snap = snapshotOf(id);
            if (snap.isEmpty()) continue;
            if (missingFiles(snap.get()).isEmpty()) return snap.get();
            if (incomplete == null) incomplete = snap.get();
        }
        if (incomplete != null) {
            throw new CircuitLensException("model '" + arg + "' is only partly in the Hugging Face cache: " + incomplete + " lacks "
                    + describeMissing(incomplete, missingFiles(incomplete)) + "; run 'circuitlens fetch-model " + arg + "' or copy them there by hand");
        }
        throw new CircuitLensException("model '" + arg + "' is not a folder and is not in the Hugging Face cache (" + root + "); run 'circuitlens fetch-model "
                + arg + "', or put " + String.join(", ", MODEL_FILES) + " into " + manualSnapshot(arg) + "/ by hand (with "
                + repoFolder(arg).resolve("refs").resolve("main") + " containing '" + MANUAL_SNAPSHOT + "')");
    }

    /** A complete snapshot of {@code repoId} or one of its aliases, if the cache has one. */
    public Optional<Path> findComplete(String repoId) {
        for (String id : RepoIds.candidates(repoId)) {
            Optional<Path> snap = snapshotOf(id);
            if (snap.isPresent() && missingFiles(snap.get()).isEmpty()) return snap;
        }
        return Optional.empty();
    }

    /**
     * The snapshot folder of exactly {@code repoId}: the one {@code refs/main} names, else (no usable ref) the
     * newest complete one, else the newest.
     */
    public Optional<Path> snapshotOf(String repoId) {
        Path repo = repoFolder(repoId);
        Path snapshots = repo.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) return Optional.empty();
        Optional<String> ref = readRef(repo.resolve("refs").resolve("main"));
        if (ref.isPresent() && Files.isDirectory(snapshots.resolve(ref.get()))) return Optional.of(snapshots.resolve(ref.get()));
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(snapshots)) {
            s.filter(Files::isDirectory).forEach(dirs::add);
        } catch (IOException e) {
            throw new CircuitLensException("cannot list " + snapshots + ": " + AtomicFiles.describe(e), e);
        }
        Comparator<Path> newestFirst = Comparator.comparing(HfHubCache::modified).reversed();
        return dirs.stream()
                .sorted(Comparator.comparing((Path d) -> !missingFiles(d).isEmpty()).thenComparing(newestFirst))
                .findFirst();
    }

    /** Model files absent from {@code dir}, in {@link #MODEL_FILES} order (broken symlinks count as absent). */
    static List<String> missingFiles(Path dir) {
        return MODEL_FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
    }

    static Path rootFor(Map<String, String> env, Path home) {
        String hubCache = nonBlank(env.get("HF_HUB_CACHE"), env.get("HUGGINGFACE_HUB_CACHE"));
        if (hubCache != null) return expandHome(hubCache, home);
        String hfHome = nonBlank(env.get("HF_HOME"));
        if (hfHome != null) return expandHome(hfHome, home).resolve("hub");
        String xdg = nonBlank(env.get("XDG_CACHE_HOME"));
        Path cache = xdg != null ? expandHome(xdg, home) : home.resolve(".cache");
        return cache.resolve("huggingface").resolve("hub");
    }

    private static String describeMissing(Path dir, List<String> missing) {
        String s = String.join(", ", missing);
        // A common case: a PyTorch-only checkpoint.
        if (missing.contains("model.safetensors") && Files.exists(dir.resolve("pytorch_model.bin"))) {
            s += " (it has pytorch_model.bin; circuitlens reads only model.safetensors)";
        }
        return s;
    }

    private static Optional<Path> asExistingPath(String arg) {
        try {
            Path p = Path.of(arg);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** A ref file holds a commit hash (or a manual name); anything that is not a single folder name is ignored. */
    private static Optional<String> readRef(Path ref) {
        if (!Files.isRegularFile(ref)) return Optional.empty();
        try {
            String s = Files.readString(ref, StandardCharsets.UTF_8).trim();
            boolean plainName = !s.isEmpty() && !s.contains("/") && !s.contains("\\") && !s.equals(".") && !s.equals("..");
            return plainName ? Optional.of(s) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String nonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    private static Path expandHome(String s, Path home) {
        if (s.equals("~")) return home;
        if (s.startsWith("~/")) return home.resolve(s.substring(2));
        return Path.of(s);
    }
}
