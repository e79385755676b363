package io.circuitlens.tokenizer;

import io.circuitlens.common.TextQuoting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelVocabTest {
    @TempDir
    Path dir;

    @Test
    void writesTheByteTokensAndEndOfTextWithoutMerges() throws IOException {
        ByteLevelVocab.write(dir.resolve("model"));
        var vocab = new ObjectMapper().readTree(dir.resolve("model/vocab.json").toFile());
        assertEquals(ByteLevelVocab.SIZE, vocab.size());
        assertEquals(0, vocab.get("!").asInt());
        assertEquals(188 + ' ', vocab.get("Ġ").asInt());
        assertEquals(256, vocab.get("<|endoftext|>").asInt());
        assertEquals("#version: 0.2\n", Files.readString(dir.resolve("model/merges.txt")));
    }

    @Test
    void tokenizerEncodesTextAsItsUtf8Bytes() {
        ByteLevelVocab.write(dir);
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.fromModelFolder(dir);
        assertEquals(ByteLevelVocab.SIZE, tokenizer.vocabSize());
        assertEquals(256, tokenizer.bosId());
        for (String text : List.of("", "Hello, world!", " Mary and John\n\n", "tab\there", "café 中文 Ж",
                "\uD83D\uDC4D\uD83C\uDFFD \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u0000\u00A0\u0085\uFEFF",
                "it's  '’ 123")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int[] expected = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) expected[i] = TinyVocab.byteId(bytes[i]);
            assertArrayEquals(expected, tokenizer.encode(text), () -> TextQuoting.quote(text));

            int[] withBos = tokenizer.encode(text, true);
            assertEquals(256, withBos[0]);
            assertEquals(expected.length + 1, withBos.length);
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
        }
    }

    @Test
    void roundTripsRandomText() {
        ByteLevelVocab.write(dir);
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.fromModelFolder(dir);
        for (String text : ReferenceCorpus.random(5, 200)) {
            int[] ids = tokenizer.encode(text);
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, ids.length);
            assertEquals(text, tokenizer.decode(ids));
        }
    }
}
