package io.circuitlens.tokenizer;

import io.circuitlens.common.TextQuoting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpt2TokenizerTest {
    private static final String[] MERGES = {
        "Ġ M", "ĠM a", "ĠMa r", "ĠMar y", "Ġ a", "Ġa n", "Ġan d", "h e", "l l", "he ll", "hell o",
    };

    @TempDir
    Path dir;
    private Map<String, Integer> vocab;
    private Gpt2Tokenizer tokenizer;

    @BeforeEach
    void load() throws IOException {
        vocab = TinyVocab.write(dir, true, MERGES);
        tokenizer = Gpt2Tokenizer.fromModelFolder(dir);
    }

    @Test
    void singleTokenReturnsTheIdOfAOneTokenText() {
        assertEquals(vocab.get("ĠMary"), tokenizer.singleToken(" Mary"));
        assertEquals(vocab.get("hello"), tokenizer.singleToken("hello"));
    }

    @Test
    void singleTokenExplainsHowATextSplits() {
        var error = assertThrows(CircuitLensException.class, () -> tokenizer.singleToken(" Mary and"));
        assertEquals("answer \" Mary and\" is 2 tokens [" + vocab.get("ĠMary") + ", " + vocab.get("Ġand")
                + "], not a single token", error.getMessage());
    }

    @Test
    void singleTokenRejectsEmptyText() {
        var error = assertThrows(CircuitLensException.class, () -> tokenizer.singleToken(""));
        assertEquals("answer \"\" is 0 tokens [], not a single token", error.getMessage());
    }

    @Test
    void singleTokenMessagesStayOnOneLine() {
        var error = assertThrows(CircuitLensException.class, () -> tokenizer.singleToken("a\nb"));
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        assertTrue(error.getMessage().startsWith("answer \"a\\nb\" is 3 tokens"), error.getMessage());
        var longError = assertThrows(CircuitLensException.class, () -> tokenizer.singleToken("x".repeat(1000)));
        assertTrue(longError.getMessage().length() < 400, longError.getMessage());
    }

    @Test
    void endOfTextInsideTextIsTheSpecialToken() {
        int eot = tokenizer.bosId();
        assertEquals(vocab.get(Gpt2Tokenizer.END_OF_TEXT), eot);
        assertArrayEquals(new int[] {eot}, tokenizer.encode("<|endoftext|>"));
        assertArrayEquals(new int[] {vocab.get("hello"), eot, vocab.get("ĠMary")},
                tokenizer.encode("hello<|endoftext|> Mary"));
        assertArrayEquals(new int[] {eot, eot}, tokenizer.encode("<|endoftext|><|endoftext|>"));
        assertEquals(eot, tokenizer.singleToken("<|endoftext|>"));
        assertEquals("<|endoftext|>", tokenizer.token(eot));
        assertEquals("hello<|endoftext|> Mary", tokenizer.decode(tokenizer.encode("hello<|endoftext|> Mary")));
        assertEquals("<|endoftext".length(), tokenizer.encode("<|endoftext").length); // incomplete: plain bytes
    }

    @Test
    void encodeCanPrependBos() {
        assertArrayEquals(new int[] {tokenizer.bosId(), vocab.get("hello")}, tokenizer.encode("hello", true));
        assertArrayEquals(new int[] {vocab.get("hello")}, tokenizer.encode("hello", false));
        assertArrayEquals(new int[] {tokenizer.bosId()}, tokenizer.encode("", true));
        assertArrayEquals(new int[0], tokenizer.encode(""));
    }

    @Test
    void vocabWithoutEndOfTextHasNoBos() throws IOException {
        Path plain = dir.resolve("plain");
        Gpt2Tokenizer noEot = TinyVocab.tokenizer(plain, false, MERGES);
        var error = assertThrows(CircuitLensException.class, noEot::bosId);
        assertTrue(error.getMessage().contains(plain.resolve("vocab.json").toString()), error.getMessage());
        assertTrue(error.getMessage().contains("<|endoftext|>"), error.getMessage());
        assertThrows(CircuitLensException.class, () -> noEot.encode("hello", true));
        // Without the special token the literal text is ordinary text.
        assertEquals(13, noEot.encode("<|endoftext|>").length); // all 13 bytes: no merge applies to them here
    }

    @Test
    void decodeRoundTripsAnyText() {
        for (String text : List.of("", "hello Mary and", "  spaces\n\ttabs ", "café ñ 中文 \uD83D\uDE00",
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u0000\u001F\u007F\u0085\u00A0\uFEFF",
                "it's 'S ’s", "<|endoftext|>x<|endoftext|>")) {
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)), () -> TextQuoting.quote(text));
        }
    }

    @Test
    void unpairedSurrogatesEncodeAsReplacementCharacter() {
        assertEquals("a\uFFFDb", tokenizer.decode(tokenizer.encode("a\uD800b")));
    }

    @Test
    void tokenDecodesOneToken() {
        assertEquals(" Mary", tokenizer.token(vocab.get("ĠMary")));
        assertEquals("\n", tokenizer.token(TinyVocab.byteId('\n')));
        assertEquals("\uFFFD", tokenizer.token(TinyVocab.byteId(0xE4))); // first byte of a CJK character
        assertEquals("中", tokenizer.decode(new int[] {
            TinyVocab.byteId(0xE4), TinyVocab.byteId(0xB8), TinyVocab.byteId(0xAD)}));
    }

    @Test
    void decodeRejectsIdsOutsideTheVocabulary() {
        var error = assertThrows(CircuitLensException.class, () -> tokenizer.decode(new int[] {1, tokenizer.vocabSize()}));
        assertTrue(error.getMessage().contains("token id " + tokenizer.vocabSize()), error.getMessage());
        assertThrows(CircuitLensException.class, () -> tokenizer.token(-1));
    }

    @Test
    void vocabSizeCountsAllTokens() {
        assertEquals(vocab.size(), tokenizer.vocabSize());
    }

    @Test
    void longPiecesAndRepeatedWordsEncodeConsistently() {
        String longWord = "hello".repeat(100);
        int[] ids = tokenizer.encode(longWord);
        assertEquals(100, ids.length);
        assertArrayEquals(ids, tokenizer.encode(longWord));
        assertEquals(longWord, tokenizer.decode(ids));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<String> texts = ReferenceCorpus.random(3, 300);
        List<int[]> expected = new ArrayList<>();
        Gpt2Tokenizer reference = Gpt2Tokenizer.fromModelFolder(dir);
        for (String text : texts) expected.add(reference.encode(text));

        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> results = new ArrayList<>();
            for (int worker = 0; worker < 8; worker++) {
                int offset = worker;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int k = 0; k < texts.size(); k++) {
                            int i = (k + offset * 37) % texts.size();
                            assertArrayEquals(expected.get(i), tokenizer.encode(texts.get(i)));
                            assertEquals(texts.get(i), tokenizer.decode(expected.get(i)));
                        }
                    }
                }));
            }
            for (Future<?> result : results) result.get();
        }
    }
}
