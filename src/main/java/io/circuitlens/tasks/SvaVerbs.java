package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The verb tokens the sva metric compares: from the verb list ({@code wordlists/sva/verbs.csv}, singular and plural
 * present-tense forms), every form that is one token with a leading space, as a singular and a plural set. A form
 * that also appears on the other side is refused, since it cannot count for both numbers.
 */
record SvaVerbs(int[] singular, int[] plural) {
    static final String FILE = "verbs.csv";

    static SvaVerbs load(Path wordlistsDir, Gpt2Tokenizer tok) {
        List<List<String>> rows = new WordLists(wordlistsDir, SvaTask.NAME).table(FILE, List.of("singular", "plural"));
        Set<Integer> singular = new LinkedHashSet<>();
        Set<Integer> plural = new LinkedHashSet<>();
        for (List<String> r : rows) {
            int s = SpacedWords.single(tok, r.get(0));
            int p = SpacedWords.single(tok, r.get(1));
            if (s >= 0) singular.add(s);
            if (p >= 0) plural.add(p);
        }
        for (int id : singular) {
            if (plural.contains(id)) {
                throw new CircuitLensException(wordlistsDir.resolve(SvaTask.NAME).resolve(FILE) + ": "
                        + tok.token(id) + " is listed both as a singular and a plural verb form");
            }
        }
        if (singular.isEmpty() || plural.isEmpty()) {
            throw new CircuitLensException(wordlistsDir.resolve(SvaTask.NAME).resolve(FILE)
                    + ": no verb form is a single token in this vocabulary, so sva cannot be scored");
        }
        return new SvaVerbs(singular.stream().mapToInt(Integer::intValue).toArray(),
                plural.stream().mapToInt(Integer::intValue).toArray());
    }
}
