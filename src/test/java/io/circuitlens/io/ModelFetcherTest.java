package io.circuitlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local fake Hub; no internet needed. */
class ModelFetcherTest {
    @TempDir
    Path tmp;

    private FakeHub hub;
    private HfHubCache cache;
    private byte[] weights;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        cache = new HfHubCache(tmp.resolve("hub"));
        weights = new byte[300_000];
        for (int i = 0; i < weights.length; i++) weights[i] = (byte) (i * 31 + 7);
        for (String repo : List.of("gpt2", "someone/tiny")) {
            hub.put(repo, "config.json", "{\"n_layer\": 2}".getBytes(StandardCharsets.UTF_8), false)
                    .put(repo, "vocab.json", "{\"a\": 0}".getBytes(StandardCharsets.UTF_8), false)
                    .put(repo, "merges.txt", "#version: 0.2\n".getBytes(StandardCharsets.UTF_8), false)
                    .put(repo, "model.safetensors", weights, true);
        }
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private ModelFetcher fetcher() {
        return new ModelFetcher(cache, Map.of("HF_ENDPOINT", hub.endpoint() + "/"), null);
    }

    @Test
    void downloadsIntoHubCacheLayout() throws IOException {
        Path snap = fetcher().fetch("gpt2");
        Path repo = tmp.resolve("hub/models--gpt2");
        assertEquals(repo.resolve("snapshots/" + FakeHub.COMMIT), snap);
        assertEquals(FakeHub.COMMIT, Files.readString(repo.resolve("refs/main")));
        Path model = snap.resolve("model.safetensors");
        assertTrue(Files.isSymbolicLink(model));
        assertEquals(Path.of("../../blobs/" + FakeHub.sha256(weights)), Files.readSymbolicLink(model));
        assertArrayEquals(weights, Files.readAllBytes(model));
        assertEquals("#version: 0.2\n", Files.readString(snap.resolve("merges.txt")));
        // Weak quoted ETag of a small file becomes the bare blob name.
        assertTrue(Files.readSymbolicLink(snap.resolve("config.json")).toString().startsWith("../../blobs/small-"));
        assertEquals(snap, cache.resolve("gpt2"));
        assertEquals(List.of(), leftovers(repo));
        // The CDN refused HEAD, so the metadata must have come from the redirect itself.
        assertFalse(hub.requests().stream().anyMatch(r -> r.method().equals("HEAD") && r.path().startsWith("/cdn/")));
    }

    @Test
    void organisationRepoIds() {
        Path snap = fetcher().fetch("someone/tiny");
        assertEquals(tmp.resolve("hub/models--someone--tiny/snapshots/" + FakeHub.COMMIT), snap);
        assertEquals(snap, cache.resolve("someone/tiny"));
    }

    @Test
    void secondFetchNeedsNoNetwork() {
        Path first = fetcher().fetch("gpt2");
        ModelFetcher again = fetcher();
        hub.close();
        assertEquals(first, again.fetch("gpt2"));
    }

    @Test
    void onlyMissingFilesAreFetched() throws IOException {
        Path snap = fetcher().fetch("gpt2");
        Files.delete(snap.resolve("vocab.json"));
        int before = hub.requests().size();
        assertEquals(snap, fetcher().fetch("gpt2"));
        List<FakeHub.Request> later = hub.requests().subList(before, hub.requests().size());
        assertTrue(later.stream().allMatch(r -> r.path().endsWith("/vocab.json")), later.toString());
        // The blob was still there, so only the metadata was asked for.
        assertTrue(later.stream().allMatch(r -> r.method().equals("HEAD")), later.toString());
        assertEquals("{\"a\": 0}", Files.readString(snap.resolve("vocab.json")));
    }

    @Test
    void resumesPartialDownloadWithRange() throws IOException {
        Path blobs = Files.createDirectories(tmp.resolve("hub/models--gpt2/blobs"));
        String etag = FakeHub.sha256(weights);
        Files.write(blobs.resolve(etag + ".incomplete"), Arrays.copyOf(weights, 123_456));
        Path snap = fetcher().fetch("gpt2");
        assertArrayEquals(weights, Files.readAllBytes(snap.resolve("model.safetensors")));
        assertTrue(hub.requests().contains(new FakeHub.Request("GET", "/cdn/" + etag, "bytes=123456-")), hub.requests().toString());
        assertFalse(Files.exists(blobs.resolve(etag + ".incomplete")));
    }

    @Test
    void serverIgnoringRangeStillGivesTheWholeFile() throws IOException {
        hub.honourRange = false;
        Path blobs = Files.createDirectories(tmp.resolve("hub/models--gpt2/blobs"));
        String etag = FakeHub.sha256(weights);
        Files.write(blobs.resolve(etag + ".incomplete"), Arrays.copyOf(weights, 1000));
        Path snap = fetcher().fetch("gpt2");
        assertArrayEquals(weights, Files.readAllBytes(snap.resolve("model.safetensors")));
    }

    @Test
    void corruptPartialLongerThanFileIsRestarted() throws IOException {
        Path blobs = Files.createDirectories(tmp.resolve("hub/models--gpt2/blobs"));
        String etag = FakeHub.sha256(weights);
        Files.write(blobs.resolve(etag + ".incomplete"), new byte[weights.length + 10]);
        Path snap = fetcher().fetch("gpt2");
        assertArrayEquals(weights, Files.readAllBytes(snap.resolve("model.safetensors")));
    }

    @Test
    void shortDownloadKeepsPartialForNextTime() throws IOException {
        hub.claimExtra = 100;
        var e = assertThrows(CircuitLensException.class, () -> fetcher().fetch("gpt2"));
        assertTrue(e.getMessage().contains("download stopped after 300000 of 300100 bytes"), e.getMessage());
        Path partial = tmp.resolve("hub/models--gpt2/blobs/" + FakeHub.sha256(weights) + ".incomplete");
        assertEquals(weights.length, Files.size(partial));
        assertThrows(CircuitLensException.class, () -> cache.resolve("gpt2"));
    }

    @Test
    void withoutCommitOrEtagHeaders() throws IOException {
        hub.sendCommit = false;
        hub.sendEtag = false;
        Path snap = fetcher().fetch("gpt2");
        assertEquals(tmp.resolve("hub/models--gpt2/snapshots/main"), snap);
        assertEquals(Path.of("../../blobs/" + FakeHub.sha256(weights)), Files.readSymbolicLink(snap.resolve("model.safetensors")));
        assertEquals(snap, cache.resolve("gpt2"));
        assertEquals(List.of(), leftovers(tmp.resolve("hub")));
    }

    @Test
    void plainFilesWhereSymlinksAreUnavailable() throws IOException {
        Path snap = new ModelFetcher(cache, Map.of("HF_ENDPOINT", hub.endpoint()), null, false).fetch("gpt2");
        assertFalse(Files.isSymbolicLink(snap.resolve("model.safetensors")));
        assertArrayEquals(weights, Files.readAllBytes(snap.resolve("model.safetensors")));
        assertEquals(snap, cache.resolve("gpt2"));
    }

    @Test
    void notFoundNamesUrlAndManualFolder() {
        var e = assertThrows(CircuitLensException.class, () -> fetcher().fetch("nobody/nothing"));
        Path root = tmp.resolve("hub");
        assertEquals("cannot download " + hub.endpoint() + "/nobody/nothing/resolve/main/config.json: HTTP 404 (no such repo or file);"
                + " without network you can fill " + root.resolve("models--nobody--nothing/snapshots/manual")
                + " by hand with config.json, model.safetensors, vocab.json, merges.txt (and write 'manual' into "
                + root.resolve("models--nobody--nothing/refs/main") + ")", e.getMessage());
    }

    @Test
    void closedPortSaysCannotConnect() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ModelFetcher f = new ModelFetcher(cache, Map.of("HF_ENDPOINT", "http://127.0.0.1:" + port), null);
        var e = assertThrows(CircuitLensException.class, () -> f.fetch("gpt2"));
        assertTrue(e.getMessage().startsWith("cannot download http://127.0.0.1:" + port + "/gpt2/resolve/main/config.json:"
                + " cannot connect (no network, or the server is down); without network you can fill "
                + tmp.resolve("hub/models--gpt2/snapshots/manual") + " by hand"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unknownHostSaysSo() {
        ModelFetcher f = new ModelFetcher(cache, Map.of("HF_ENDPOINT", "http://no-such-host.invalid"), null);
        var e = assertThrows(CircuitLensException.class, () -> f.fetch("gpt2"));
        assertTrue(e.getMessage().startsWith("cannot download http://no-such-host.invalid/gpt2/resolve/main/config.json: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("unknown host (no network or DNS?); without network you can fill"), e.getMessage());
    }

    @Test
    void invalidRepoId() {
        var e = assertThrows(CircuitLensException.class, () -> fetcher().fetch("../etc"));
        assertEquals("'../etc' is not a Hugging Face repo id (expected e.g. gpt2 or openai-community/gpt2)", e.getMessage());
    }

    @Test
    void endpointDefaultsToTheHub() {
        assertEquals(ModelFetcher.DEFAULT_ENDPOINT, new ModelFetcher(cache, Map.of(), null).endpoint());
        assertEquals("http://mirror:8080", new ModelFetcher(cache, Map.of("HF_ENDPOINT", "http://mirror:8080//"), null).endpoint());
    }

    @Test
    void showsProgress() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new ModelFetcher(cache, Map.of("HF_ENDPOINT", hub.endpoint()), out).fetch("gpt2");
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("model.safetensors"), shown);
    }

    @Test
    void etagNormalisation() {
        assertEquals("abc", ModelFetcher.normaliseEtag("\"abc\""));
        assertEquals("abc", ModelFetcher.normaliseEtag("W/\"abc\""));
        assertEquals("abc", ModelFetcher.normaliseEtag("abc"));
    }

    /** Temp and partial files that should not survive a successful fetch. */
    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".incomplete") || p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
