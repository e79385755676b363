package io.circuitlens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing and corrupt tokenizer files give one-line {@link CircuitLensException}s that name the file. */
class TokenizerFilesTest {
    @TempDir
    Path dir;

    private Path vocab() {
        return dir.resolve("vocab.json");
    }

    private Path merges() {
        return dir.resolve("merges.txt");
    }

    private CircuitLensException loadFails(Path namedFile, String expectedPart) {
        var error = assertThrows(CircuitLensException.class, () -> Gpt2Tokenizer.load(vocab(), merges()));
        assertOneLineNaming(error, namedFile, expectedPart);
        return error;
    }

    private static void assertOneLineNaming(CircuitLensException error, Path file, String expectedPart) {
        String message = error.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains(expectedPart), message);
    }

    @Test
    void missingVocab() throws IOException {
        Files.writeString(merges(), "#version: 0.2\n");
        loadFails(vocab(), "not found");
    }

    @Test
    void missingMerges() throws IOException {
        ByteLevelVocab.write(dir);
        Files.delete(merges());
        loadFails(merges(), "not found");
    }

    @Test
    void missingModelFolder() {
        Path nowhere = dir.resolve("nowhere");
        var error = assertThrows(CircuitLensException.class, () -> Gpt2Tokenizer.fromModelFolder(nowhere));
        assertOneLineNaming(error, nowhere, "model folder not found");
    }

    @Test
    void modelFolderWithoutMerges() throws IOException {
        ByteLevelVocab.write(dir);
        Files.delete(merges());
        var error = assertThrows(CircuitLensException.class, () -> Gpt2Tokenizer.fromModelFolder(dir));
        assertOneLineNaming(error, merges(), "not found");
    }

    @Test
    void vocabIsNotJson() throws IOException {
        ByteLevelVocab.write(dir);
        Files.writeString(vocab(), "{\"a\": 0,\n \"b\": ");
        loadFails(vocab(), "invalid JSON");
    }

    @Test
    void vocabIsNotAnObject() throws IOException {
        ByteLevelVocab.write(dir);
        Files.writeString(vocab(), "[\"a\", \"b\"]");
        loadFails(vocab(), "expected a JSON object");
    }

    @Test
    void vocabIdIsNotAnInteger() throws IOException {
        ByteLevelVocab.write(dir);
        Files.writeString(vocab(), "{\"a\": 0, \"b\": 1.5}");
        loadFails(vocab(), "non-integer id");
        Files.writeString(vocab(), "{\"a\": \"0\"}");
        loadFails(vocab(), "non-integer id");
    }

    @Test
    void vocabIdsMustBeDenseAndUnique() throws IOException {
        ByteLevelVocab.write(dir);
        Files.writeString(vocab(), "{\"a\": 0, \"b\": 0}");
        loadFails(vocab(), "id 0 is used by both \"a\" and \"b\"");
        Files.writeString(vocab(), "{\"a\": 0, \"b\": 5}");
        loadFails(vocab(), "must be 0..1");
        Files.writeString(vocab(), "{\"a\": 0, \"a\": 1}");
        loadFails(vocab(), "listed twice");
        Files.writeString(vocab(), "{}");
        loadFails(vocab(), "empty");
    }

    @Test
    void vocabWithoutByteTokens() throws IOException {
        ByteLevelVocab.write(dir);
        Files.writeString(vocab(), "{\"a\": 0, \"b\": 1}");
        loadFails(vocab(), "not a byte-level BPE vocabulary");
    }

    @Test
    void mergesLineWithWrongShape() throws IOException {
        ByteLevelVocab.write(dir);
        Files.writeString(merges(), "#version: 0.2\na b\nabc\n");
        loadFails(merges(), "line 3 should be two tokens");
        Files.writeString(merges(), "#version: 0.2\na b c\n");
        loadFails(merges(), "line 2 should be two tokens");
    }

    @Test
    void mergesUseTokensMissingFromTheVocab() throws IOException {
        ByteLevelVocab.write(dir);
        Files.writeString(merges(), "#version: 0.2\na b\n");
        loadFails(merges(), "line 2 uses token \"ab\", which is not in vocab.json");
        Files.writeString(merges(), "#version: 0.2\nxyz b\n");
        loadFails(merges(), "uses token \"xyz\"");
    }

    @Test
    void mergesAreNotUtf8() throws IOException {
        ByteLevelVocab.write(dir);
        Files.write(merges(), new byte[] {'#', '\n', (byte) 0xFF, ' ', 'a', '\n'});
        loadFails(merges(), "not valid UTF-8");
    }

    @Test
    void mergesWithWindowsLineEndingsAndNoHeaderStillLoad() throws IOException {
        TinyVocab.write(dir, true, "a b");
        Files.writeString(merges(), "a b\r\n\r\n");
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(vocab(), merges());
        assertTrue(tokenizer.encode("ab").length == 1);
    }
}
