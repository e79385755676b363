package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.Map;

/**
 * Generates a task's dataset from the word lists, checked with a GPT-2 tokenizer (answers single tokens, prompts of
 * equal length). Seeded: the same word lists, tokenizer, n and seed give the same rows.
 */
public final class Generators {
    /** Rows and seed of the committed {@code datasets/<task>.csv} files (regenerate with {@code circuitlens dataset}). */
    public static final Map<String, Integer> BUILTIN_ROWS = Map.of(Tasks.IOI, 1000, Tasks.GENDER_BIAS, 600,
            Tasks.GREATER_THAN, 1000, Tasks.CAPITAL_COUNTRY, 500, Tasks.SVA, 1000, Tasks.HYPERNYMY, 600);
    public static final long BUILTIN_SEED = 0;

    private Generators() {}

    /** {@code wordlistsDir} holds one folder per task; {@code variant} null or one of {@link Tasks#variants}. */
    public static GeneratedDataset generate(String task, Path wordlistsDir, Gpt2Tokenizer tok, int n, long seed,
                                            String variant) {
        String v = Tasks.checkVariant(task, variant);
        WordLists lists = new WordLists(wordlistsDir, task);
        return switch (task) {
            case Tasks.IOI -> IoiGenerator.generate(lists, tok, n, seed, v);
            case Tasks.GENDER_BIAS -> GenderBiasGenerator.generate(lists, tok, n, seed);
            case Tasks.GREATER_THAN -> GreaterThanGenerator.generate(lists, tok, n, seed);
            case Tasks.CAPITAL_COUNTRY -> CapitalCountryGenerator.generate(lists, tok, n, seed);
            case Tasks.SVA -> SvaGenerator.generate(lists, wordlistsDir, tok, n, seed);
            case Tasks.HYPERNYMY -> HypernymyGenerator.generate(lists, tok, n, seed);
            default -> throw new IllegalStateException(task);
        };
    }
}
