package io.circuitlens.io;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * {@code circuitlens fetch-model NAME}: downloads {@link HfHubCache#MODEL_FILES} into the hub cache layout that
 * {@code huggingface_hub} uses ({@code blobs/<etag>}, {@code snapshots/<commit>/<file>} linking to the blob,
 * {@code refs/main}), so {@link HfHubCache#resolve} finds the model afterwards. Partial downloads are resumed and
 * files already present are skipped, so re-running after a failure is cheap.
 */
public final class ModelFetcher {
    /** The Hub, unless {@code $HF_ENDPOINT} names a mirror. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /** Snapshot name used when the server does not say which commit it served. */
    static final String FALLBACK_COMMIT = "main";

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final HfHubCache cache;
    private final String endpoint;
    private final PrintStream progressOut;
    private final boolean symlinks;

    /**
     * @param env         reads {@code HF_ENDPOINT}
     * @param progressOut where progress bars go, or null for none
     */
    public ModelFetcher(HfHubCache cache, Map<String, String> env, PrintStream progressOut) {
        this(cache, env, progressOut, true);
    }

    /** {@code symlinks=false} stores plain files in the snapshot, as on file systems without symlinks. */
    ModelFetcher(HfHubCache cache, Map<String, String> env, PrintStream progressOut, boolean symlinks) {
        this.cache = cache;
        String e = env.get("HF_ENDPOINT");
        this.endpoint = stripTrailingSlashes(e == null || e.isBlank() ? DEFAULT_ENDPOINT : e.trim());
        this.progressOut = progressOut;
        this.symlinks = symlinks;
    }

    /** Real environment, real cache, progress on stderr. */
    public static ModelFetcher fromEnvironment() {
        return new ModelFetcher(HfHubCache.fromEnvironment(), System.getenv(), System.err);
    }

    /** {@code circuitlens fetch-model NAME} with the real environment; returns the snapshot folder. */
    public static Path fetchModel(String repoId) {
        return fromEnvironment().fetch(repoId);
    }

    public String endpoint() {
        return endpoint;
    }

    /** Ensures the model is in the cache and returns its snapshot folder. */
    public Path fetch(String repoId) {
        if (repoId == null || !RepoIds.isValid(repoId)) {
            throw new CircuitLensException("'" + repoId + "' is not a Hugging Face repo id (expected e.g. gpt2 or openai-community/gpt2)");
        }
        var existing = cache.findComplete(repoId);
        if (existing.isPresent()) return existing.get(); // no network needed
        try (HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // HubHttp follows them itself
                .connectTimeout(Duration.ofSeconds(30))
                .build()) {
            return download(repoId, new HubHttp(client, "circuitlens"));
        } catch (HubHttp.NetworkException e) {
            throw new CircuitLensException("cannot download " + e.url + ": " + e.getMessage() + "; without network you can fill "
                    + cache.manualSnapshot(repoId) + " by hand with " + String.join(", ", HfHubCache.MODEL_FILES)
                    + " (and write '" + HfHubCache.MANUAL_SNAPSHOT + "' into " + refFile(repoId) + ")", e);
        } catch (IOException e) {
            throw new CircuitLensException("cannot store model " + repoId + " in " + cache.repoFolder(repoId) + ": " + AtomicFiles.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CircuitLensException("download of " + repoId + " interrupted", e);
        }
    }

    private Path download(String repoId, HubHttp http) throws IOException, InterruptedException {
        Path repo = cache.repoFolder(repoId);
        Path blobs = repo.resolve("blobs");
        // Continue filling the snapshot a previous (interrupted) run started, if any.
        String commit = cache.snapshotOf(repoId).map(p -> p.getFileName().toString()).orElse(null);
        for (String file : HfHubCache.MODEL_FILES) {
            if (commit != null && Files.isRegularFile(snapshot(repo, commit).resolve(file))) continue;
            URI url = URI.create(endpoint + "/" + repoId + "/resolve/main/" + file);
            HubHttp.RemoteFile remote = http.head(url);
            if (commit == null) commit = safeName(remote.commit()) != null ? remote.commit() : FALLBACK_COMMIT;
            Path dest = snapshot(repo, commit).resolve(file);
            if (Files.isRegularFile(dest)) continue;
            String blobName = safeName(normaliseEtag(remote.etag()));
            Path blob = blobName == null ? null : blobs.resolve(blobName);
            if (blob == null || !Files.isRegularFile(blob)) {
                Files.createDirectories(blobs);
                Path partial = blobs.resolve((blobName != null ? blobName : commit + "-" + file) + ".incomplete");
                try (Progress bar = progress(file, remote.size())) {
                    http.download(url, partial, remote.size(), bar);
                }
                if (blob == null) blob = blobs.resolve(FileHashes.sha256(partial)); // no etag: name the blob by its content
                AtomicFiles.moveIntoPlace(partial, blob);
            }
            link(blob, dest);
        }
        Path ref = refFile(repoId);
        if (!commit.equals(Files.isRegularFile(ref) ? Files.readString(ref, StandardCharsets.UTF_8).trim() : null)) {
            AtomicFiles.writeString(ref, commit);
        }
        return snapshot(repo, commit);
    }

    /** Points {@code dest} at the blob with a relative symlink, or moves the blob there where symlinks fail. */
    private void link(Path blob, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        Files.deleteIfExists(dest); // a dangling link from an interrupted run
        if (symlinks) {
            try {
                Files.createSymbolicLink(dest, dest.getParent().relativize(blob));
                return;
            } catch (UnsupportedOperationException | IOException e) {
                // e.g. Windows without developer mode: fall through to a plain file
            }
        }
        AtomicFiles.moveIntoPlace(blob, dest);
    }

    private Path refFile(String repoId) {
        return cache.repoFolder(repoId).resolve("refs").resolve("main");
    }

    private static Path snapshot(Path repo, String commit) {
        return repo.resolve("snapshots").resolve(commit);
    }

    /** A progress bar in MiB, or a no-op when progress output is off. */
    private Progress progress(String file, long size) {
        if (progressOut == null) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(file)
                .setInitialMax(size > 0 ? size : -1)
                .setUnit("MiB", 1L << 20)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(progressOut))
                .build();
        return new Progress(bar);
    }

    /** Adapts a (possibly absent) progress bar to the byte-position callback of {@link HubHttp#download}. */
    private record Progress(ProgressBar bar) implements LongConsumer, AutoCloseable {
        @Override
        public void accept(long position) {
            if (bar != null) bar.stepTo(position);
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }

    /** ETags arrive quoted and sometimes weak ({@code W/"..."}); the cache uses the bare value. */
    static String normaliseEtag(String etag) {
        if (etag == null) return null;
        String s = etag.trim();
        if (s.startsWith("W/")) s = s.substring(2);
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s;
    }

    /** {@code s} if it can serve as a single file name, else null. */
    private static String safeName(String s) {
        return s != null && SAFE_NAME.matcher(s).matches() && !s.endsWith(".incomplete") ? s : null;
    }

    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') end--;
        return s.substring(0, end);
    }
}
