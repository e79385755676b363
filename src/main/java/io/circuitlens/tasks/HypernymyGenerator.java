package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates hypernymy rows from {@code wordlists/hypernymy/}: ", MEMBER and other" → the member's category's answer
 * words, corrupted by a member of another category. A category's answer set is its answer words that are single
 * tokens with a leading space (the others are left out and listed in the notes); a row is kept when both sets are
 * non-empty and disjoint and both prompts have the same token length.
 */
final class HypernymyGenerator {
    private HypernymyGenerator() {}

    private record Category(String name, List<String> words, int[] ids) {}

    static GeneratedDataset generate(WordLists lists, Gpt2Tokenizer tok, int n, long seed) {
        Map<String, Category> categories = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        for (List<String> c : lists.table("categories.csv", List.of("category", "answers"))) {
            List<String> words = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            for (String w : c.get(1).split("\\|")) {
                int id = SpacedWords.single(tok, w.strip());
                if (id >= 0) {
                    words.add(w.strip());
                    ids.add(id);
                } else {
                    leftOut.add(w.strip());
                }
            }
            categories.put(c.get(0), new Category(c.get(0), words, ids.stream().mapToInt(Integer::intValue).toArray()));
        }
        List<List<String>> members = lists.table("members.csv", List.of("member", "category"));
        for (List<String> m : members) {
            if (!categories.containsKey(m.get(1))) {
                throw new CircuitLensException("hypernymy members.csv: " + m.get(0) + " is in category '" + m.get(1)
                        + "', which categories.csv does not list");
            }
        }
        if (categories.size() < 2) throw new CircuitLensException("hypernymy needs at least 2 categories");
        List<String> notes = leftOut.isEmpty() ? List.of()
                : List.of("answer words left out (not one token): " + String.join(", ", leftOut));
        return RowSampler.sample(HypernymyTask.NAME, HypernymyTask.COLUMNS, n, seed, (rng, kept) -> {
            List<String> a = RowSampler.pick(rng, members);
            List<String> b = RowSampler.pick(rng, members);
            while (b.get(1).equals(a.get(1))) b = RowSampler.pick(rng, members);
            Category ca = categories.get(a.get(1));
            Category cb = categories.get(b.get(1));
            String clean = ", " + a.get(0) + " and other";
            String corrupted = ", " + b.get(0) + " and other";
            Drop drop = null;
            if (ca.ids().length == 0 || cb.ids().length == 0) drop = Drop.ANSWER_NOT_SINGLE_TOKEN;
            else if (overlap(ca.ids(), cb.ids())) drop = Drop.OVERLAPPING_ANSWERS;
            else if (tok.encode(clean).length != tok.encode(corrupted).length) drop = Drop.UNEQUAL_LENGTH;
            List<String> row = List.of(clean, a.get(0), ca.name(), PythonLists.formatStrings(ca.words()),
                    PythonLists.formatInts(ca.ids()), corrupted, b.get(0), cb.name(),
                    PythonLists.formatStrings(cb.words()), PythonLists.formatInts(cb.ids()));
            return new RowSampler.Candidate(clean + "\u0000" + corrupted, row, drop);
        }, notes);
    }

    private static boolean overlap(int[] x, int[] y) {
        for (int a : x) for (int b : y) if (a == b) return true;
        return false;
    }
}
