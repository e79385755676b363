package io.circuitlens.ablation;

import io.circuitlens.data.PairsCsv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper: a pairs file with each pair's answers swapped, so that every logit difference changes sign. Of a
 * file and its swapped twin, exactly one has the full model above the all-ablated one (a behaviour to keep).
 */
public final class SwappedPairs {
    private SwappedPairs() {}

    public static Path write(Path pairs, int limit, Path out) throws IOException {
        StringBuilder csv = new StringBuilder("clean,corrupted,correct,incorrect\n");
        for (var p : PairsCsv.read(pairs, limit)) {
            csv.append(String.join(",", quote(p.clean()), quote(p.corrupted()), quote(p.incorrect()), quote(p.correct()))).append('\n');
        }
        return Files.writeString(out, csv);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
