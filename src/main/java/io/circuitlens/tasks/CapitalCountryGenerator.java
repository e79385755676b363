package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.List;

/**
 * Generates capital-country rows from {@code wordlists/capital-country/capitals.csv}: " CAPITAL, the capital of" →
 * the first token of " COUNTRY", corrupted by another capital. Pairs are drawn at random and kept when the two
 * capitals have the same token length (so the prompts line up) and the countries start with different tokens (so the
 * logit difference is not zero by construction, as with " Maurit|ania" and " Maurit|ius").
 */
final class CapitalCountryGenerator {
    private CapitalCountryGenerator() {}

    static GeneratedDataset generate(WordLists lists, Gpt2Tokenizer tok, int n, long seed) {
        List<List<String>> capitals = lists.table("capitals.csv", List.of("capital", "country"));
        if (capitals.size() < 2) throw new CircuitLensException("capital-country capitals.csv needs at least 2 capitals");
        return RowSampler.sample(SingleAnswerTask.CAPITAL_COUNTRY.name(), SingleAnswerTask.CAPITAL_COUNTRY.columns(), n, seed, (rng, kept) -> {
            int a = rng.nextInt(capitals.size());
            int b = rng.nextInt(capitals.size() - 1);
            if (b >= a) b++;
            String capital = capitals.get(a).get(0);
            String country = capitals.get(a).get(1);
            String otherCapital = capitals.get(b).get(0);
            String otherCountry = capitals.get(b).get(1);
            String clean = " " + capital + ", the capital of";
            String corrupted = " " + otherCapital + ", the capital of";
            int correct = SpacedWords.first(tok, country);
            int incorrect = SpacedWords.first(tok, otherCountry);
            Drop drop = null;
            if (tok.encode(clean).length != tok.encode(corrupted).length) drop = Drop.UNEQUAL_LENGTH;
            else if (correct == incorrect) drop = Drop.SAME_ANSWER;
            List<String> row = List.of(clean, capital, country, Integer.toString(correct), corrupted, otherCapital,
                    otherCountry, Integer.toString(incorrect));
            return new RowSampler.Candidate(clean + "\u0000" + corrupted, row, drop);
        }, List.of());
    }
}
