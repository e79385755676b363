package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

/** Words as they appear mid-sentence: with a leading space, which is part of GPT-2's token. */
final class SpacedWords {
    private SpacedWords() {}

    /** The id of {@code " " + word} if that is one token, else -1. */
    static int single(Gpt2Tokenizer tok, String word) {
        int[] ids = tok.encode(" " + word);
        return ids.length == 1 ? ids[0] : -1;
    }

    /** The number of tokens of {@code " " + word}. */
    static int length(Gpt2Tokenizer tok, String word) {
        return tok.encode(" " + word).length;
    }

    /** The first token of {@code " " + word}. */
    static int first(Gpt2Tokenizer tok, String word) {
        return tok.encode(" " + word)[0];
    }
}
