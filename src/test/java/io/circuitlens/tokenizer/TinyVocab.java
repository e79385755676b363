package io.circuitlens.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: hand-made byte-level vocabularies. Ids 0..255 are the byte tokens in GPT-2's order, then one token per
 * merge (in merge order), then optionally {@code <|endoftext|>}. Merges are written as in merges.txt, e.g. "Ġ w".
 */
final class TinyVocab {
    private TinyVocab() {}

    static Gpt2Tokenizer tokenizer(Path dir, boolean withEndOfText, String... merges) throws IOException {
        write(dir, withEndOfText, merges);
        return Gpt2Tokenizer.fromModelFolder(dir);
    }

    static Map<String, Integer> write(Path dir, boolean withEndOfText, String... merges) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < 256; id++) {
            vocab.put(String.valueOf(ByteUnicodeMap.charOf(ByteUnicodeMap.byteAtVocabIndex(id))), id);
        }
        for (String merge : merges) {
            vocab.putIfAbsent(merge.replace(" ", ""), vocab.size());
        }
        if (withEndOfText) vocab.put(Gpt2Tokenizer.END_OF_TEXT, vocab.size());
        Files.createDirectories(dir);
        new ObjectMapper().writeValue(dir.resolve("vocab.json").toFile(), vocab);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", List.of(merges)) + "\n");
        return vocab;
    }

    /** Id of a single-byte token in every vocabulary written here (and in GPT-2's). */
    static int byteId(int b) {
        for (int id = 0; id < 256; id++) {
            if (ByteUnicodeMap.byteAtVocabIndex(id) == (b & 0xFF)) return id;
        }
        throw new IllegalArgumentException("not a byte: " + b);
    }
}
