package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every committed {@code datasets/<task>.csv} row passes the constraints with GPT-2's real vocabulary, and the files
 * are exactly what the generator writes with the recorded size and seed (so they can be rebuilt and audited).
 */
class CommittedDatasetsTest {
    static final Path DATASETS = Path.of("datasets");

    static List<String> tasks() {
        return Tasks.NAMES;
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void fileIsWhatTheGeneratorWrites(String task) throws IOException {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        GeneratedDataset again = Generators.generate(task, DATASETS.resolve("wordlists"), tok,
                Generators.BUILTIN_ROWS.get(task), Generators.BUILTIN_SEED, null);
        assertEquals(Generators.BUILTIN_ROWS.get(task), again.kept(), "the word lists give enough rows");
        assertEquals(Files.readString(DATASETS.resolve(task + ".csv"), StandardCharsets.UTF_8), again.toCsv(),
                task + ".csv differs from a fresh generation; rerun circuitlens dataset --task " + task);
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void everyRowLoadsWithTheRealVocabulary(String task) {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        // equal token lengths and answer ids that match their spelled-out answers are checked by the loader itself
        TaskPairs pairs = Tasks.load(task, DATASETS.resolve(task + ".csv"), tok, 1024, 0, true, null);
        assertEquals(Generators.BUILTIN_ROWS.get(task), pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(pairs.clean().length(i), pairs.corrupted().length(i));
        }
        if (task.equals(Tasks.IOI)) Tasks.load(task, DATASETS.resolve(task + ".csv"), tok, 1024, 0, true, "hard");
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void rowsAreDistinct(String task) {
        TaskCsv csv = TaskCsv.read(DATASETS.resolve(task + ".csv"), task, 0);
        Set<String> seen = new HashSet<>();
        for (TaskCsv.Row r : csv.rows()) assertTrue(seen.add(r.text("clean") + "|" + r.text("corrupted")), "row " + r.number());
    }

    @org.junit.jupiter.api.Test
    void ioiAnswersAreTheIndirectObjectAndTheSubject() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        for (TaskCsv.Row r : TaskCsv.read(DATASETS.resolve("ioi.csv"), "ioi", 0).rows()) {
            String io = r.text("correct").strip();
            String s = r.text("incorrect").strip();
            assertEquals(1, count(r.text("clean"), io), "row " + r.number());
            assertEquals(2, count(r.text("clean"), s), "row " + r.number());
            assertEquals(2, count(r.text("corrupted_hard"), io), "row " + r.number());
            assertEquals(tok.singleToken(" " + io), r.integer("correct_idx"));
            assertTrue(r.text("clean").endsWith(" to"));
        }
    }

    @org.junit.jupiter.api.Test
    void genderBiasIsBalancedAndLabelled() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        int she = tok.singleToken(" she");
        int he = tok.singleToken(" he");
        int female = 0;
        for (TaskCsv.Row r : TaskCsv.read(DATASETS.resolve("gender-bias.csv"), "gender-bias", 0).rows()) {
            boolean f = r.text("stereotype").equals("female");
            if (f) female++;
            assertEquals(f ? she : he, r.integer("clean_answer_idx"));
            assertEquals(f ? he : she, r.integer("corrupted_answer_idx"));
            assertEquals(f ? 0 : 1, r.integer("label"));
            assertEquals("The " + (f ? "man" : "woman"), r.text("corrupted").substring(0, f ? 7 : 9));
        }
        assertEquals(300, female);
    }

    @org.junit.jupiter.api.Test
    void greaterThanYearsSplitIntoCenturyAndTwoDigits() {
        Gpt2Tokenizer tok = RealGpt2Vocab.tokenizer();
        for (TaskCsv.Row r : TaskCsv.read(DATASETS.resolve("greater-than.csv"), "greater-than", 0).rows()) {
            int yy = r.integer("correct_idx");
            assertTrue(yy >= 2 && yy <= 98, "row " + r.number());
            String cc = r.text("start_year").substring(0, 2);
            int[] year = tok.encode(" " + r.text("start_year"));
            assertArrayEquals(new int[] {tok.singleToken(" " + cc), tok.singleToken(String.format("%02d", yy))}, year);
            assertTrue(r.text("corrupted").contains(" " + cc + "01 to the year " + cc));
            assertTrue(r.text("clean").endsWith("to the year " + cc));
        }
    }

    @org.junit.jupiter.api.Test
    void capitalCountryAnswersDiffer() {
        for (TaskCsv.Row r : TaskCsv.read(DATASETS.resolve("capital-country.csv"), "capital-country", 0).rows()) {
            assertNotEquals(r.integer("country_idx"), r.integer("corrupted_country_idx"), "row " + r.number());
            assertNotEquals(r.text("capital"), r.text("corrupted_capital"));
        }
    }

    @org.junit.jupiter.api.Test
    void svaPluralMatchesTheCleanSubject() {
        for (TaskCsv.Row r : TaskCsv.read(DATASETS.resolve("sva.csv"), "sva", 0).rows()) {
            String subject = r.text("subject");
            assertTrue(r.text("clean").startsWith("The " + subject + " "));
            boolean plural = r.integer("plural") == 1;
            // the corrupted subject is the other form: plural forms are the longer or irregular ones in nouns.csv
            String other = r.text("corrupted").split(" ")[1];
            assertNotEquals(subject, other);
            assertEquals(plural, isPlural(subject), "row " + r.number());
        }
    }

    @org.junit.jupiter.api.Test
    void hypernymyAnswerSetsAreDisjoint() {
        for (TaskCsv.Row r : TaskCsv.read(DATASETS.resolve("hypernymy.csv"), "hypernymy", 0).rows()) {
            Set<Integer> a = new HashSet<>();
            for (int id : r.intList("answers_idx")) a.add(id);
            for (int id : r.intList("corrupted_answers_idx")) assertFalse(a.contains(id), "row " + r.number());
            assertNotEquals(r.text("hypernym"), r.text("corrupted_hypernym"));
        }
    }

    private static boolean isPlural(String noun) {
        for (List<String> pair : new WordLists(DATASETS.resolve("wordlists"), "sva").table("nouns.csv", List.of("singular", "plural"))) {
            if (pair.get(1).equals(noun)) return true;
            if (pair.get(0).equals(noun)) return false;
        }
        throw new AssertionError(noun + " is not in nouns.csv");
    }

    private static int count(String text, String word) {
        int n = 0;
        for (String w : text.split("[ ,.]+")) if (w.equals(word)) n++;
        return n;
    }
}
