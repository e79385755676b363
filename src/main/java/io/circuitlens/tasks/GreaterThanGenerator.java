package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Generates greater-than rows from {@code wordlists/greater-than/}: "The NOUN lasted from the year CCYY to the year
 * CC" with YY in 02..98 (so both sides of the metric have years), corrupted to the start year CC01. A row is kept when
 * both years tokenise as " CC" followed by the two-digit token (GPT-2 has single tokens for some years, like " 1700",
 * and splits others elsewhere, like " 110|2"), which also makes the two prompts the same length.
 */
final class GreaterThanGenerator {
    private GreaterThanGenerator() {}

    static GeneratedDataset generate(WordLists lists, Gpt2Tokenizer tok, int n, long seed) {
        List<String> nouns = lists.lines("nouns.txt");
        List<String> centuries = lists.lines("centuries.txt");
        for (String c : centuries) {
            if (!c.matches("[1-9][0-9]")) {
                throw new CircuitLensException("greater-than centuries.txt: '" + c + "' is not two digits like 17");
            }
        }
        return RowSampler.sample(GreaterThanTask.NAME, GreaterThanTask.COLUMNS, n, seed, (rng, kept) -> {
            String noun = RowSampler.pick(rng, nouns);
            String cc = RowSampler.pick(rng, centuries);
            int yy = 2 + rng.nextInt(97);
            String year = cc + String.format("%02d", yy);
            String clean = "The " + noun + " lasted from the year " + year + " to the year " + cc;
            String corrupted = "The " + noun + " lasted from the year " + cc + "01 to the year " + cc;
            Drop drop = null;
            if (!splits(tok, cc, year) || !splits(tok, cc, cc + "01")) drop = Drop.YEAR_SPLIT;
            else if (tok.encode(clean).length != tok.encode(corrupted).length) drop = Drop.UNEQUAL_LENGTH;
            List<String> row = List.of(clean, corrupted, Integer.toString(yy), year, noun);
            return new RowSampler.Candidate(clean, row, drop);
        }, List.of());
    }

    /** Whether " " + year tokenises as " CC" then the two-digit token. */
    private static boolean splits(Gpt2Tokenizer tok, String cc, String year) {
        int[] ids = tok.encode(" " + year);
        int[] cIds = tok.encode(" " + cc);
        int[] yIds = tok.encode(year.substring(2));
        return cIds.length == 1 && yIds.length == 1 && Arrays.equals(ids, new int[] {cIds[0], yIds[0]});
    }
}
