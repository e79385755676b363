package io.circuitlens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BPE on hand-made vocabularies, where the expected merges can be worked out by hand. */
class BpeMergeTest {
    @TempDir
    Path dir;

    @Test
    void mergesByRankUntilNoRuleApplies() throws IOException {
        Map<String, Integer> vocab = TinyVocab.write(dir, false,
                "l l", "h e", "he ll", "hell o", "Ġ w", "o r", "Ġw or");
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.fromModelFolder(dir);

        assertArrayEquals(new int[] {vocab.get("hello")}, tokenizer.encode("hello"));
        // Ġ w o r l d -> Ġw o r l d -> Ġw or l d -> Ġwor l d, then no rule applies.
        assertArrayEquals(new int[] {vocab.get("Ġwor"), vocab.get("l"), vocab.get("d")}, tokenizer.encode(" world"));
        assertArrayEquals(new int[] {vocab.get("he"), vocab.get("l")}, tokenizer.encode("hel"));
        assertEquals("hello world", tokenizer.decode(tokenizer.encode("hello world")));
    }

    @Test
    void lowerRankWinsWhenMergesOverlap() throws IOException {
        Map<String, Integer> abFirst = TinyVocab.write(dir.resolve("ab"), false, "a b", "b c");
        assertArrayEquals(new int[] {abFirst.get("ab"), abFirst.get("c")},
                Gpt2Tokenizer.fromModelFolder(dir.resolve("ab")).encode("abc"));

        Map<String, Integer> bcFirst = TinyVocab.write(dir.resolve("bc"), false, "b c", "a b");
        assertArrayEquals(new int[] {bcFirst.get("a"), bcFirst.get("bc")},
                Gpt2Tokenizer.fromModelFolder(dir.resolve("bc")).encode("abc"));
    }

    @Test
    void mergesEveryOccurrenceLeftToRightWithoutOverlap() throws IOException {
        Map<String, Integer> vocab = TinyVocab.write(dir, false, "a a", "aa aa");
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.fromModelFolder(dir);
        int a = vocab.get("a");
        int aa = vocab.get("aa");
        int aaaa = vocab.get("aaaa");
        assertArrayEquals(new int[] {aa, a}, tokenizer.encode("aaa"));
        assertArrayEquals(new int[] {aaaa}, tokenizer.encode("aaaa"));
        assertArrayEquals(new int[] {aaaa, a}, tokenizer.encode("aaaaa"));
        assertArrayEquals(new int[] {aaaa, aa}, tokenizer.encode("aaaaaa"));
    }

    @Test
    void mergesNeverCrossPreTokenizerPieces() throws IOException {
        Map<String, Integer> vocab = TinyVocab.write(dir, false, "a Ġ", "Ġ b");
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.fromModelFolder(dir);
        // "a b" is split into "a" and " b" first, so "a Ġ" can never apply.
        assertArrayEquals(new int[] {vocab.get("a"), vocab.get("Ġb")}, tokenizer.encode("a b"));
    }

    @Test
    void mergesMultiByteCharactersFromTheirBytes() throws IOException {
        // 'é' is C3 A9, shown as "Ã©" in byte-level form.
        Map<String, Integer> vocab = TinyVocab.write(dir, false, "Ã ©");
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.fromModelFolder(dir);
        assertArrayEquals(new int[] {vocab.get("c"), vocab.get("a"), vocab.get("f"), vocab.get("Ã©")},
                tokenizer.encode("café"));
        assertEquals("é", tokenizer.token(vocab.get("Ã©")));
    }

    @Test
    void laterDuplicateMergeRuleSetsTheRank() throws IOException {
        // "b c" listed at rank 0 and again at rank 2; the later rank wins (as in OpenAI's dict), so "a b" (1) goes first.
        Map<String, Integer> vocab = TinyVocab.write(dir, false, "b c", "a b", "b c");
        assertArrayEquals(new int[] {vocab.get("ab"), vocab.get("c")},
                Gpt2Tokenizer.fromModelFolder(dir).encode("abc"));
    }
}
