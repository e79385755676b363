package io.circuitlens.tokenizer;

import java.util.Arrays;

/**
 * Byte-pair encoding of one pre-tokenized piece: starting from one token per byte, repeatedly take the adjacent pair
 * with the lowest merge rank and merge every occurrence of it, left to right without overlap, until no adjacent pair
 * has a merge. This is the loop of OpenAI's {@code Encoder.bpe}, on token ids instead of strings.
 */
final class BpeMerger {
    private final MergeTable merges;

    BpeMerger(MergeTable merges) {
        this.merges = merges;
    }

    /** Merges {@code symbols} (token ids, one per byte); returns the final token ids. Does not modify the input. */
    int[] merge(int[] symbols) {
        int[] word = symbols.clone();
        int length = word.length;
        while (length > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestAt = -1;
            for (int k = 0; k + 1 < length; k++) {
                int rank = merges.rank(word[k], word[k + 1]);
                if (rank != MergeTable.NO_MERGE && rank < bestRank) {
                    bestRank = rank;
                    bestAt = k;
                }
            }
            if (bestAt < 0) break;
            int left = word[bestAt];
            int right = word[bestAt + 1];
            int merged = merges.merged(left, right);
            // In place: the write index never passes the read index.
            int out = 0;
            for (int k = 0; k < length; ) {
                if (k + 1 < length && word[k] == left && word[k + 1] == right) {
                    word[out++] = merged;
                    k += 2;
                } else {
                    word[out++] = word[k++];
                }
            }
            length = out;
        }
        return length == word.length ? word : Arrays.copyOf(word, length);
    }
}
