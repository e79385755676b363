package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.ByteLevelVocab;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Bad task files give one-line errors naming the file and, for a bad row, the row and line. */
class BadFilesTest {
    @TempDir
    static Path dir;
    static Gpt2Tokenizer bytes;

    @BeforeAll
    static void byteTokenizer() {
        Path vocab = dir.resolve("byte-vocab");
        ByteLevelVocab.write(vocab);
        bytes = Gpt2Tokenizer.fromModelFolder(vocab); // every character one token; ids 0..256
    }

    static Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    static void fails(String task, Path file, Gpt2Tokenizer tok, String expected) {
        var e = assertThrows(CircuitLensException.class, () -> Tasks.load(task, file, tok, 1024, 0, true, null));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith(file.toString() + ": "), m);
        assertTrue(m.contains(expected), m);
    }

    @Test
    void missingColumnNamesTheLayout() throws IOException {
        Path f = file("ioi-cols.csv", "clean,corrupted,correct_idx\na,b,1\n");
        fails("ioi", f, bytes, "header (line 1) lacks column incorrect_idx; found \"clean\", \"corrupted\", \"correct_idx\" "
                + "(the ioi layout needs clean,corrupted,correct_idx,incorrect_idx; extra columns are ignored)");
    }

    @Test
    void hardVariantNeedsCorruptedHard() throws IOException {
        Path f = file("ioi-nohard.csv", "clean,corrupted,correct_idx,incorrect_idx\nab,cd,1,2\n");
        var e = assertThrows(CircuitLensException.class, () -> Tasks.load("ioi", f, bytes, 1024, 0, true, "hard"));
        assertTrue(e.getMessage().contains("lacks column corrupted_hard"), e.getMessage());
    }

    @Test
    void idThatIsNotANumber() throws IOException {
        Path f = file("ioi-nan.csv", "clean,corrupted,correct_idx,incorrect_idx\nab,cd,1,2\nab,cd,x,2\n");
        fails("ioi", f, bytes, "row 2 (line 3): column correct_idx should be a whole number, got \"x\"");
    }

    @Test
    void idOutsideTheVocabulary() throws IOException {
        Path f = file("gb-range.csv", "clean,corrupted,clean_answer_idx,corrupted_answer_idx,label\nab,cd,673,339,0\n");
        fails("gender-bias", f, bytes, "row 1 (line 2): column clean_answer_idx holds token id 673, outside this vocabulary (0..256)");
    }

    @Test
    void unequalTokenLengths() throws IOException {
        Path f = file("cc-len.csv", "clean,corrupted,country_idx,corrupted_country_idx\nab,cd,1,2\n\" Paris, the capital of\",\" Oslo, the capital of\",3,4\n");
        fails("capital-country", f, bytes, "row 2 (line 3): clean prompt has 23 tokens but corrupted has 22; pairs must have the same token length");
    }

    @Test
    void spelledOutAnswerThatDisagreesWithItsId() throws IOException {
        int m = bytes.singleToken("M");
        Path f = file("ioi-text.csv", "clean,corrupted,correct_idx,incorrect_idx,correct,incorrect\nab,cd," + m + ",78,M,\" Mary\"\n");
        fails("ioi", f, bytes, "row 1 (line 2): incorrect \" Mary\" encodes to 5 tokens");
        Path g = file("cc-text.csv", "clean,corrupted,country_idx,corrupted_country_idx,country\nab,cd,80,81,Oslo\n");
        fails("capital-country", g, bytes, "country \" Oslo\" starts with token 220 \" \" but country_idx is 80");
    }

    @Test
    void rowWithTooManyFieldsAndUnclosedQuote() throws IOException {
        Path f = file("sva-fields.csv", "clean,corrupted,group,plural\nThe dog, the cat,The dogs,x,1\n");
        fails("sva", f, bytes, "row 1 (line 2): has 5 fields but the header has 4 (a field holding a comma must be quoted)");
        Path g = file("sva-quote.csv", "clean,corrupted,group,plural\n\"The dog,The dogs,x,1\n");
        fails("sva", g, bytes, "row 1 (line 2): a quoted field is not closed before the end of the file");
    }

    @Test
    void badAnswerList() throws IOException {
        String header = "clean,answers_idx,corrupted,corrupted_answers_idx\n";
        fails("hypernymy", file("h-list.csv", header + "ab,\"[1, x]\",cd,[2]\n"), bytes,
                "row 1 (line 2): column answers_idx: item 2 of \"[1, x]\" is not a whole number");
        fails("hypernymy", file("h-empty.csv", header + "ab,[],cd,[2]\n"), bytes, "column answers_idx lists no answer tokens");
        fails("hypernymy", file("h-brackets.csv", header + "ab,1,cd,[2]\n"), bytes, "expected a list in brackets like [1, 2]");
    }

    @Test
    void svaPluralMustBeZeroOrOne() throws IOException {
        Path f = file("sva-plural.csv", "clean,corrupted,group,plural\nThe dogs,The dog,x,2\n");
        fails("sva", f, RealGpt2Vocab.tokenizer(), "row 1 (line 2): plural should be 0 or 1, got 2");
    }

    @Test
    void svaNeedsVerbTokens() throws IOException {
        var e = assertThrows(CircuitLensException.class, () -> Tasks.load("sva", null, bytes, 1024, 0, true, null));
        assertTrue(e.getMessage().endsWith("verbs.csv: no verb form is a single token in this vocabulary, so sva cannot be scored"),
                e.getMessage());
    }

    @Test
    void greaterThanNeedsYearTokensAndTwoDigits() throws IOException {
        Path f = file("gt.csv", "clean,corrupted,correct_idx\nab,cd,41\n");
        fails("greater-than", f, bytes, "greater-than needs the years \"00\"..\"99\" as single tokens");
        Path g = file("gt-range.csv", "clean,corrupted,correct_idx\nab,cd,41\nab,cd,141\n");
        fails("greater-than", g, RealGpt2Vocab.tokenizer(), "row 2 (line 3): correct_idx should be the start year's last two digits (0..99), got 141");
        Path h = file("gt-year.csv", "clean,corrupted,correct_idx,start_year\nab,cd,41,1742\n");
        fails("greater-than", h, RealGpt2Vocab.tokenizer(), "correct_idx 41 is not the last two digits of start_year 1742");
    }

    @Test
    void missingEmptyAndHeaderOnlyFiles() throws IOException {
        fails("ioi", dir.resolve("nowhere.csv"), bytes, "file not found");
        fails("ioi", file("empty.csv", ""), bytes, "the file is empty; expected a header line");
        fails("ioi", file("header.csv", "clean,corrupted,corrupted_hard,correct_idx,incorrect_idx\n"), bytes, "no pairs after the header line");
    }

    @Test
    void promptsLongerThanTheContext() throws IOException {
        Path f = file("long.csv", "clean,corrupted,country_idx,corrupted_country_idx\nabcdef,ghijkl,1,2\n");
        var e = assertThrows(CircuitLensException.class, () -> Tasks.load("capital-country", f, bytes, 4, 0, true, null));
        assertTrue(e.getMessage().endsWith("row 1 (line 2): the prompts have 7 tokens (BOS included), more than the model's context of 4"),
                e.getMessage());
    }

    @Test
    void unknownTaskAndVariant() {
        var e = assertThrows(CircuitLensException.class, () -> Tasks.load("colours", null, bytes, 1024, 0, true, null));
        assertEquals("unknown task 'colours'; tasks: ioi, gender-bias, greater-than, capital-country, sva, hypernymy", e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> Tasks.load("sva", null, bytes, 1024, 0, true, "hard"));
        assertEquals("task sva has no variant 'hard' (it has none)", e.getMessage());
    }
}
