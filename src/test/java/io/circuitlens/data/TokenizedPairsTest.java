package io.circuitlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a byte vocabulary every UTF-8 byte is one token, so token counts are byte counts. */
class TokenizedPairsTest {
    private static Gpt2Tokenizer tok;

    @BeforeAll
    static void byteVocabulary(@TempDir Path dir) {
        TinyModels.write(new TinyModelSpec(1, 2, 16, 64, 64, "byte", 0, DType.F32, false), dir, null);
        tok = Gpt2Tokenizer.fromModelFolder(dir);
    }

    private static PromptPair pair(int row, String clean, String corrupted, String correct, String incorrect) {
        return new PromptPair(row, clean, corrupted, correct, incorrect);
    }

    @Test
    void tokensAndAnswers() {
        TokenizedPairs t = TokenizedPairs.of(List.of(pair(1, "AB", "CD", "A", " "), pair(2, "xyz", "xyw", "z", "w")),
                tok, true, 64);
        assertEquals(2, t.size());
        int bos = tok.bosId();
        assertArrayEquals(new int[][] {tok.encode("AB", true), tok.encode("xyz", true)}, t.clean());
        assertArrayEquals(new int[][] {tok.encode("CD", true), tok.encode("xyw", true)}, t.corrupted());
        assertEquals(bos, t.clean()[0][0]);
        assertEquals(3, t.length(0));
        assertArrayEquals(new int[] {tok.singleToken("A"), tok.singleToken("z")}, t.correct());
        assertArrayEquals(new int[] {tok.singleToken(" "), tok.singleToken("w")}, t.incorrect());
        assertEquals(2, t.cleanBatch().size());
        assertArrayEquals(new int[] {3, 4}, t.corruptedBatch().lengths());
        assertEquals(2, t.pairs().get(1).row());
    }

    @Test
    void withoutBos() {
        TokenizedPairs t = TokenizedPairs.of(List.of(pair(1, "AB", "CD", "A", "B")), tok, false, 64);
        assertArrayEquals(tok.encode("AB"), t.clean()[0]);
        assertEquals(2, t.length(0));
    }

    @Test
    void accessorsReturnCopies() {
        TokenizedPairs t = TokenizedPairs.of(List.of(pair(1, "AB", "CD", "A", "B")), tok, false, 64);
        t.clean()[0][0] = -5;
        t.correct()[0] = -5;
        assertArrayEquals(tok.encode("AB"), t.clean()[0]);
        assertEquals(tok.singleToken("A"), t.correct()[0]);
    }

    private static void fails(List<PromptPair> pairs, boolean bos, int nCtx, String expected) {
        var e = assertThrows(CircuitLensException.class, () -> TokenizedPairs.of(pairs, tok, bos, nCtx));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(expected, e.getMessage());
    }

    @Test
    void multiTokenAnswerNamesTheRow() {
        List<PromptPair> pairs = List.of(pair(1, "a", "b", "A", "B"), pair(2, "c", "d", "C", "D"),
                pair(3, "e", "f", " Mary and", "B"));
        fails(pairs, true, 64, "row 3: answer \" Mary and\" is 9 tokens "
                + java.util.Arrays.toString(tok.encode(" Mary and")) + ", not a single token");
        fails(List.of(pair(4, "e", "f", "A", "")), true, 64, "row 4: answer \"\" is 0 tokens [], not a single token");
        // a two-byte character is two tokens in a byte vocabulary
        fails(List.of(pair(5, "e", "f", "A", "é")), true, 64,
                "row 5: answer \"é\" is 2 tokens " + java.util.Arrays.toString(tok.encode("é")) + ", not a single token");
    }

    @Test
    void lengthMismatch() {
        fails(List.of(pair(3, "0123456789abcd", "0123456789abcde", "A", "B")), true, 64,
                "row 3: clean prompt has 15 tokens but corrupted has 16; pairs must have the same token length");
    }

    @Test
    void tooLongForTheContext() {
        fails(List.of(pair(2, "0123456789", "abcdefghij", "A", "B")), true, 10,
                "row 2: the prompts have 11 tokens (BOS included), more than the model's context of 10");
        TokenizedPairs.of(List.of(pair(2, "0123456789", "abcdefghij", "A", "B")), tok, false, 10);
    }

    @Test
    void emptyPromptsWithoutBos() {
        fails(List.of(pair(6, "", "", "A", "B")), false, 64, "row 6: the prompts are empty (no tokens, and no BOS)");
        assertEquals(1, TokenizedPairs.of(List.of(pair(6, "", "", "A", "B")), tok, true, 64).length(0));
    }

    @Test
    void fromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.csv");
        java.nio.file.Files.writeString(file, "clean,corrupted,correct,incorrect\n\"Hi, A\",\"Hi, B\",\" \",B\n");
        TokenizedPairs t = TokenizedPairs.of(PairsCsv.read(file, 0), tok, true, 64);
        assertArrayEquals(tok.encode("Hi, A", true), t.clean()[0]);
        assertEquals(tok.singleToken(" "), t.correct()[0]); // the quoted space survives
    }
}
