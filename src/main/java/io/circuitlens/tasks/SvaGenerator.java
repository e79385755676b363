package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.List;

/**
 * Generates sva rows from {@code wordlists/sva/}: a template ({@code templates.txt}: a group name and a pattern),
 * a subject of random number, an attractor noun of random number (animate for relative clauses), a preposition and
 * a relative-clause verb agreeing with the attractor. The corruption flips the subject's number; the answer sets are
 * the verb list's singular and plural forms. A row is kept when both prompts have the same token length (the
 * subject's two forms tokenise alike, unlike " painter" vs " pain|ters").
 */
final class SvaGenerator {
    private SvaGenerator() {}

    static GeneratedDataset generate(WordLists lists, Path wordlistsDir, Gpt2Tokenizer tok, int n, long seed) {
        SvaVerbs.load(wordlistsDir, tok); // fails early if the verb list cannot score this vocabulary
        List<List<String>> subjects = lists.table("nouns.csv", List.of("singular", "plural"));
        List<List<String>> attractors = lists.table("attractors.csv", List.of("singular", "plural", "animate"));
        List<List<String>> animate = attractors.stream().filter(a -> a.get(2).equals("yes")).toList();
        List<String> prepositions = lists.lines("prepositions.txt");
        List<List<String>> relVerbs = lists.table("relative-verbs.csv", List.of("singular", "plural"));
        List<String[]> templates = lists.lines("templates.txt").stream().map(SvaGenerator::template).toList();
        if (animate.size() < 2 || attractors.size() < 2) {
            // two at least, so that an attractor different from the subject noun can always be drawn
            throw new CircuitLensException("sva attractors.csv needs at least 2 attractors marked animate (yes)");
        }
        return RowSampler.sample(SvaTask.NAME, SvaTask.COLUMNS, n, seed, (rng, kept) -> {
            String[] t = RowSampler.pick(rng, templates);
            boolean relative = t[1].contains("{RVERB}");
            List<String> subject = RowSampler.pick(rng, subjects);
            boolean plural = rng.nextBoolean();
            List<List<String>> pool = relative ? animate : attractors;
            List<String> attractor = RowSampler.pick(rng, pool);
            while (attractor.get(0).equals(subject.get(0))) attractor = RowSampler.pick(rng, pool);
            boolean attractorPlural = rng.nextBoolean();
            String attr = attractor.get(attractorPlural ? 1 : 0);
            String prep = RowSampler.pick(rng, prepositions);
            String rverb = RowSampler.pick(rng, relVerbs).get(attractorPlural ? 1 : 0);
            String clean = fill(t[1], subject.get(plural ? 1 : 0), prep, attr, rverb);
            String corrupted = fill(t[1], subject.get(plural ? 0 : 1), prep, attr, rverb);
            Drop drop = tok.encode(clean).length != tok.encode(corrupted).length ? Drop.UNEQUAL_LENGTH : null;
            List<String> row = List.of(clean, corrupted, t[0], plural ? "1" : "0", subject.get(plural ? 1 : 0), attr);
            return new RowSampler.Candidate(clean, row, drop);
        }, List.of());
    }

    /** "group<TAB>pattern" → {group, pattern}. */
    private static String[] template(String line) {
        String[] parts = line.split("\t", -1);
        if (parts.length != 2 || parts[0].isBlank() || !parts[1].contains("{SUBJ}")) {
            throw new CircuitLensException("sva templates.txt: expected 'group<TAB>pattern with {SUBJ}', got '" + line + "'");
        }
        return new String[] {parts[0].strip(), parts[1].strip()};
    }

    private static String fill(String pattern, String subject, String prep, String attractor, String rverb) {
        return pattern.replace("{SUBJ}", subject).replace("{PREP}", prep).replace("{ATTR}", attractor)
                .replace("{RVERB}", rverb);
    }
}
