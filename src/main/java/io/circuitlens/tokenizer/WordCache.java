package io.circuitlens.tokenizer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-tokenizer cache from a pre-tokenized piece to its token ids, since natural text repeats the same words.
 *
 * <p>Bounded and thread-safe: a {@link ConcurrentHashMap} that is simply cleared when it reaches its size limit,
 * which is cheaper than LRU bookkeeping on every hit and bounds memory for adversarial input. Long pieces are not
 * cached at all. Cached arrays are never handed out; callers copy from them.
 */
final class WordCache {
    static final int MAX_ENTRIES = 50_000;
    static final int MAX_PIECE_LENGTH = 64;

    private final ConcurrentHashMap<String, int[]> entries = new ConcurrentHashMap<>();

    /** The cached ids of {@code piece}, computing and storing them if absent. The result must not be modified. */
    int[] get(String piece, Function<String, int[]> compute) {
        if (piece.length() > MAX_PIECE_LENGTH) return compute.apply(piece);
        int[] ids = entries.get(piece);
        if (ids != null) return ids;
        ids = compute.apply(piece);
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(piece, ids);
        return ids;
    }

    int size() {
        return entries.size();
    }
}
