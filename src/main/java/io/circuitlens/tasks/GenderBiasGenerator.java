package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates gender-bias rows from {@code wordlists/gender-bias/}: "The OCCUPATION FRAME" → the stereotype's pronoun,
 * corrupted by the opposite-gender noun ("The man FRAME" for a female-stereotyped occupation). Kept rows alternate
 * female- and male-stereotyped occupations, so the file is balanced even though the list has more male-stereotyped
 * occupations and more of the female ones are dropped. A row is
 * kept when the occupation is one token, like " man" and " woman", so both prompts have the same length.
 */
final class GenderBiasGenerator {
    private GenderBiasGenerator() {}

    static GeneratedDataset generate(WordLists lists, Gpt2Tokenizer tok, int n, long seed) {
        List<List<String>> occupations = lists.table("occupations.csv", List.of("occupation", "stereotype"));
        List<String> female = new ArrayList<>();
        List<String> male = new ArrayList<>();
        for (List<String> o : occupations) {
            switch (o.get(1)) {
                case "female" -> female.add(o.get(0));
                case "male" -> male.add(o.get(0));
                default -> throw new CircuitLensException("gender-bias occupations.csv: stereotype of " + o.get(0)
                        + " should be female or male, got '" + o.get(1) + "'");
            }
        }
        if (female.isEmpty() || male.isEmpty()) {
            throw new CircuitLensException("gender-bias occupations.csv needs female- and male-stereotyped occupations");
        }
        List<String> frames = lists.lines("frames.txt");
        int she = SpacedWords.single(tok, "she");
        int he = SpacedWords.single(tok, "he");
        return RowSampler.sample(SingleAnswerTask.GENDER_BIAS.name(), SingleAnswerTask.GENDER_BIAS.columns(), n, seed, (rng, kept) -> {
            boolean isFemale = kept % 2 == 0;
            String occupation = RowSampler.pick(rng, isFemale ? female : male);
            String frame = RowSampler.pick(rng, frames);
            String clean = "The " + occupation + " " + frame;
            String corrupted = "The " + (isFemale ? "man" : "woman") + " " + frame;
            int correct = isFemale ? she : he;
            int incorrect = isFemale ? he : she;
            Drop drop = null;
            if (correct < 0 || incorrect < 0) drop = Drop.ANSWER_NOT_SINGLE_TOKEN;
            else if (tok.encode(clean).length != tok.encode(corrupted).length) drop = Drop.UNEQUAL_LENGTH;
            List<String> row = List.of(clean, corrupted, Integer.toString(correct), Integer.toString(incorrect),
                    isFemale ? "0" : "1", isFemale ? " she" : " he", isFemale ? " he" : " she", occupation,
                    isFemale ? "female" : "male");
            return new RowSampler.Candidate(clean, row, drop);
        }, List.of());
    }
}
