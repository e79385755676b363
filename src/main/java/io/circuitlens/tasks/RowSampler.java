package io.circuitlens.tasks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws candidate rows from a seeded {@link Random} until {@code n} distinct rows pass the filters or too many draws
 * have been made. {@code java.util.Random}'s sequence is fixed by its specification, so the same seed gives the same
 * file on every JVM.
 */
final class RowSampler {
    /** A drawn row: its identity (to skip repeats), values in column order, and why it is dropped (null: kept). */
    record Candidate(String key, List<String> row, Drop drop) {}

    /** Draws one candidate; {@code kept} is how many rows are kept so far (lets a generator balance its classes). */
    @FunctionalInterface
    interface Source {
        Candidate draw(Random rng, int kept);
    }

    /** Draws per requested row before giving up: enough to exhaust small word lists, bounded for impossible requests. */
    private static final int DRAWS_PER_ROW = 200;

    private RowSampler() {}

    static GeneratedDataset sample(String task, List<String> columns, int n, long seed, Source source, List<String> notes) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
        Random rng = new Random(seed);
        Set<String> seen = new HashSet<>();
        Map<Drop, Integer> dropped = new EnumMap<>(Drop.class);
        List<List<String>> rows = new ArrayList<>();
        int duplicates = 0;
        long maxDraws = (long) DRAWS_PER_ROW * n + 10_000;
        for (long draw = 0; draw < maxDraws && rows.size() < n; draw++) {
            Candidate c = source.draw(rng, rows.size());
            if (!seen.add(c.key())) {
                duplicates++;
            } else if (c.drop() != null) {
                dropped.merge(c.drop(), 1, Integer::sum);
            } else {
                if (c.row().size() != columns.size()) {
                    throw new IllegalStateException(task + ": a row has " + c.row().size() + " values for " + columns.size() + " columns");
                }
                rows.add(c.row());
            }
        }
        return new GeneratedDataset(task, columns, rows, n, dropped, duplicates, notes);
    }

    static <T> T pick(Random rng, List<T> list) {
        return list.get(rng.nextInt(list.size()));
    }
}
