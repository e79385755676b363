package io.circuitlens.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the smallest byte-level BPE vocabulary, for tiny test models: the 256 byte tokens with GPT-2's ids 0..255
 * plus {@code <|endoftext|>} = 256, and no merges. A tokenizer loaded from it encodes text as its UTF-8 bytes.
 */
public final class ByteLevelVocab {
    /** Number of tokens written: 256 bytes + {@code <|endoftext|>}. */
    public static final int SIZE = 257;

    private ByteLevelVocab() {}

    /** Creates {@code dir} if needed and writes {@code vocab.json} and {@code merges.txt} into it. */
    public static void write(Path dir) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < 256; id++) {
            vocab.put(String.valueOf(ByteUnicodeMap.charOf(ByteUnicodeMap.byteAtVocabIndex(id))), id);
        }
        vocab.put(Gpt2Tokenizer.END_OF_TEXT, 256);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(Gpt2Tokenizer.VOCAB_FILE), toJson(vocab), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(Gpt2Tokenizer.MERGES_FILE), "#version: 0.2\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CircuitLensException("cannot write byte-level vocabulary to " + dir + ": " + e, e);
        }
    }

    private static String toJson(Map<String, Integer> vocab) {
        try {
            return new ObjectMapper().writeValueAsString(vocab);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a string-to-int map", e);
        }
    }
}
