package io.circuitlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfHubCacheTest {
    @TempDir
    Path tmp;

    private Path home() {
        return tmp.resolve("home");
    }

    private HfHubCache cache() {
        return new HfHubCache(Map.of("HF_HUB_CACHE", tmp.resolve("hub").toString()), home());
    }

    private static Path fill(Path folder, String... files) throws IOException {
        Files.createDirectories(folder);
        for (String f : files) Files.writeString(folder.resolve(f), f);
        return folder;
    }

    private static Path fillAll(Path folder) throws IOException {
        return fill(folder, HfHubCache.MODEL_FILES.toArray(String[]::new));
    }

    @Test
    void rootFollowsHuggingFaceHubPrecedence() {
        Path home = home();
        assertEquals(Path.of("/a"), new HfHubCache(Map.of("HF_HUB_CACHE", "/a", "HF_HOME", "/b"), home).root());
        assertEquals(Path.of("/b/hub"), new HfHubCache(Map.of("HF_HOME", "/b", "XDG_CACHE_HOME", "/c"), home).root());
        assertEquals(Path.of("/c/huggingface/hub"), new HfHubCache(Map.of("XDG_CACHE_HOME", "/c"), home).root());
        assertEquals(home.resolve(".cache/huggingface/hub"), new HfHubCache(Map.of(), home).root());
        assertEquals(home.resolve(".cache/huggingface/hub"), new HfHubCache(Map.of("HF_HUB_CACHE", " "), home).root());
        assertEquals(home.resolve("hf/hub"), new HfHubCache(Map.of("HF_HOME", "~/hf"), home).root());
    }

    @Test
    void plainFolderIsUsedDirectly() throws IOException {
        Path m = fillAll(tmp.resolve("my-model"));
        assertEquals(m, cache().resolve(m.toString()));
    }

    @Test
    void plainFolderMissingFilesNamesEachOne() throws IOException {
        Path m = fill(tmp.resolve("partial"), "config.json", "vocab.json", "pytorch_model.bin");
        var e = assertThrows(CircuitLensException.class, () -> cache().resolve(m.toString()));
        assertEquals("model folder " + m + " lacks model.safetensors, merges.txt"
                + " (it has pytorch_model.bin; circuitlens reads only model.safetensors)", e.getMessage());
    }

    @Test
    void fileInsteadOfFolder() throws IOException {
        Path f = fill(tmp.resolve("m"), "model.safetensors").resolve("model.safetensors");
        var e = assertThrows(CircuitLensException.class, () -> cache().resolve(f.toString()));
        assertTrue(e.getMessage().startsWith("model '" + f + "' is a file; pass the folder"), e.getMessage());
    }

    @Test
    void repoIdResolvesThroughRefsMain() throws IOException {
        HfHubCache c = cache();
        Path repo = c.repoFolder("openai-community/gpt2");
        assertEquals(tmp.resolve("hub/models--openai-community--gpt2"), repo);
        fillAll(repo.resolve("snapshots/aaa"));
        Path wanted = fillAll(repo.resolve("snapshots/bbb"));
        fill(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "bbb\n");
        Files.setLastModifiedTime(repo.resolve("snapshots/aaa"), FileTime.fromMillis(System.currentTimeMillis() + 100_000));
        assertEquals(wanted, c.resolve("openai-community/gpt2"));
    }

    @Test
    void withoutRefTheNewestCompleteSnapshotWins() throws IOException {
        HfHubCache c = cache();
        Path snaps = c.repoFolder("someone/model").resolve("snapshots");
        Path old = fillAll(snaps.resolve("old"));
        Path recent = fillAll(snaps.resolve("recent"));
        Path newestButPartial = fill(snaps.resolve("partial"), "config.json");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(old, FileTime.fromMillis(now - 200_000));
        Files.setLastModifiedTime(recent, FileTime.fromMillis(now - 100_000));
        Files.setLastModifiedTime(newestButPartial, FileTime.fromMillis(now));
        assertEquals(recent, c.resolve("someone/model"));
    }

    @Test
    void staleRefFallsBackToSnapshots() throws IOException {
        HfHubCache c = cache();
        Path repo = c.repoFolder("gpt2");
        Path only = fillAll(repo.resolve("snapshots/abc"));
        fill(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "deleted-commit");
        assertEquals(only, c.resolve("gpt2"));
    }

    @Test
    void bareNameFindsOrganisationFolderAndViceVersa() throws IOException {
        HfHubCache c = cache();
        Path org = fillAll(c.repoFolder("openai-community/gpt2-medium").resolve("snapshots/c1"));
        assertEquals(org, c.resolve("gpt2-medium"));
        Path bare = fillAll(c.repoFolder("gpt2-xl").resolve("snapshots/c2"));
        assertEquals(bare, c.resolve("openai-community/gpt2-xl"));
        Path distil = fillAll(c.repoFolder("distilbert/distilgpt2").resolve("snapshots/c3"));
        assertEquals(distil, c.resolve("distilgpt2"));
    }

    @Test
    void completeAliasBeatsIncompleteExactMatch() throws IOException {
        HfHubCache c = cache();
        fill(c.repoFolder("gpt2").resolve("snapshots/x"), "config.json");
        Path full = fillAll(c.repoFolder("openai-community/gpt2").resolve("snapshots/y"));
        assertEquals(full, c.resolve("gpt2"));
    }

    @Test
    void symlinkedBlobsCount() throws IOException {
        HfHubCache c = cache();
        Path repo = c.repoFolder("gpt2-large");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snap = Files.createDirectories(repo.resolve("snapshots/s"));
        for (String f : HfHubCache.MODEL_FILES) {
            Files.writeString(blobs.resolve("etag-" + f), f);
            Files.createSymbolicLink(snap.resolve(f), Path.of("../../blobs/etag-" + f));
        }
        assertEquals(snap, c.resolve("gpt2-large"));
        // A dangling link is a missing file.
        Files.delete(blobs.resolve("etag-vocab.json"));
        var e = assertThrows(CircuitLensException.class, () -> c.resolve("gpt2-large"));
        assertEquals("model 'gpt2-large' is only partly in the Hugging Face cache: " + snap + " lacks vocab.json;"
                + " run 'circuitlens fetch-model gpt2-large' or copy them there by hand", e.getMessage());
    }

    @Test
    void notFoundMessageAndItsManualLayoutResolves() throws IOException {
        HfHubCache c = cache();
        Path root = tmp.resolve("hub");
        var e = assertThrows(CircuitLensException.class, () -> c.resolve("gpt2"));
        String expected = "model 'gpt2' is not a folder and is not in the Hugging Face cache (" + root + "); run 'circuitlens fetch-model gpt2',"
                + " or put config.json, model.safetensors, vocab.json, merges.txt into " + root + "/models--gpt2/snapshots/manual/ by hand"
                + " (with " + root + "/models--gpt2/refs/main containing 'manual')";
        assertEquals(expected, e.getMessage());

        // Follow the instructions literally.
        Path manual = fillAll(root.resolve("models--gpt2/snapshots/manual"));
        Files.createDirectories(root.resolve("models--gpt2/refs"));
        Files.writeString(root.resolve("models--gpt2/refs/main"), "manual");
        assertEquals(manual, c.resolve("gpt2"));
        assertEquals(manual, c.manualSnapshot("gpt2"));
    }

    @Test
    void pathLikeArgumentsThatDoNotExist() {
        var e = assertThrows(CircuitLensException.class, () -> cache().resolve(tmp.resolve("missing/dir").toString()));
        assertEquals("model '" + tmp.resolve("missing/dir") + "' is not an existing folder (nor a Hugging Face repo id)", e.getMessage());
        assertThrows(CircuitLensException.class, () -> cache().resolve("../x"));
        assertThrows(CircuitLensException.class, () -> cache().resolve(""));
    }

    @Test
    void repoIdRules() {
        assertTrue(RepoIds.isValid("gpt2"));
        assertTrue(RepoIds.isValid("openai-community/gpt2-xl"));
        assertTrue(RepoIds.isValid("user_1/model.v2"));
        assertFalse(RepoIds.isValid("a/b/c"));
        assertFalse(RepoIds.isValid("a--b"));
        assertFalse(RepoIds.isValid("/abs"));
        assertFalse(RepoIds.isValid("a/../b"));
        assertEquals(List.of("gpt2", "openai-community/gpt2"), RepoIds.candidates("gpt2"));
        assertEquals(List.of("openai-community/gpt2", "gpt2"), RepoIds.candidates("openai-community/gpt2"));
        assertEquals(List.of("someone/x"), RepoIds.candidates("someone/x"));
        assertEquals("models--openai-community--gpt2", RepoIds.folderName("openai-community/gpt2"));
    }
}
