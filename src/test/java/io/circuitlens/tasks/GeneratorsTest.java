package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The generators are deterministic in their seed and report what the filters dropped. */
class GeneratorsTest {
    static final Path WORDLISTS = Path.of("datasets", "wordlists");

    static List<String> tasks() {
        return Tasks.NAMES;
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void sameSeedSameFileOtherSeedOtherFile(String task) {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        String a = Generators.generate(task, WORDLISTS, tok, 40, 7, null).toCsv();
        String b = Generators.generate(task, WORDLISTS, tok, 40, 7, null).toCsv();
        String c = Generators.generate(task, WORDLISTS, tok, 40, 8, null).toCsv();
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(41, a.lines().count(), "header + 40 rows");
    }

    @Test
    void ioiHardVariantWritesTheHardCorruptionAsCorrupted() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        GeneratedDataset abc = Generators.generate("ioi", WORDLISTS, tok, 20, 3, null);
        GeneratedDataset hard = Generators.generate("ioi", WORDLISTS, tok, 20, 3, "hard");
        int corrupted = SingleAnswerTask.IOI.columns().indexOf("corrupted");
        int corruptedHard = SingleAnswerTask.IOI.columns().indexOf("corrupted_hard");
        for (int i = 0; i < 20; i++) {
            List<String> a = abc.rows().get(i);
            List<String> h = hard.rows().get(i);
            assertEquals(a.get(corruptedHard), h.get(corrupted));
            assertEquals(a.get(corruptedHard), h.get(corruptedHard));
            assertNotEquals(a.get(corrupted), h.get(corrupted));
        }
    }

    @Test
    void summaryCountsEveryFilter() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        GeneratedDataset g = Generators.generate("capital-country", WORDLISTS, tok, 100, 0, null);
        assertEquals(100, g.kept());
        assertTrue(g.dropped().get(Drop.UNEQUAL_LENGTH) > 0, "capitals of different token lengths are drawn and dropped");
        List<String> summary = g.summary();
        assertTrue(summary.get(0).startsWith("kept 100 of 100"), summary.get(0));
        assertTrue(summary.stream().anyMatch(s -> s.startsWith("dropped 0: answer not a single token")), summary.toString());
        assertTrue(summary.stream().anyMatch(s -> s.contains("token lengths differ")), summary.toString());
    }

    @Test
    void tooManyRowsKeepsWhatExistsAndSaysSo() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        GeneratedDataset g = Generators.generate("gender-bias", WORDLISTS, tok, 5000, 0, null);
        assertTrue(g.kept() < 5000 && g.kept() > 600, "kept " + g.kept());
        assertTrue(g.summary().get(0).contains("ran out"), g.summary().get(0));
    }

    @Test
    void hypernymyNotesTheAnswerWordsLeftOut() {
        GeneratedDataset g = Generators.generate("hypernymy", WORDLISTS, RealGpt2Vocab.tokenizer(), 10, 0, null);
        assertTrue(g.notes().getFirst().contains("gemstones"), g.notes().toString());
    }

    @Test
    void unknownVariantOrTaskIsRefused() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        var e = assertThrows(CircuitLensException.class, () -> Generators.generate("sva", WORDLISTS, tok, 10, 0, "hard"));
        assertEquals("task sva has no variant 'hard' (it has none)", e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> Generators.generate("ioi", WORDLISTS, tok, 10, 0, "easy"));
        assertEquals("task ioi has no variant 'easy'; variants: hard", e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> Generators.generate("colors", WORDLISTS, tok, 10, 0, null));
        assertTrue(e.getMessage().startsWith("unknown task 'colors'; tasks: ioi, gender-bias"), e.getMessage());
    }
}
