package io.circuitlens.ablation;

import io.circuitlens.data.CsvFile;
import io.circuitlens.data.CsvRecord;

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
        CsvFile in = CsvFile.open(pairs);
        java.util.List<String> header = in.next("header").fields().stream().map(String::strip).toList();
        int[] at = {header.indexOf("clean"), header.indexOf("corrupted"), header.indexOf("incorrect"), header.indexOf("correct")};
        CsvRecord row;
        for (int n = 0; (limit <= 0 || n < limit) && (row = in.next("row " + (n + 1))) != null; n++) {
            java.util.List<String> f = row.fields();
            csv.append(String.join(",", quote(f.get(at[0])), quote(f.get(at[1])), quote(f.get(at[2])), quote(f.get(at[3])))).append('\n');
        }
        return Files.writeString(out, csv);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
