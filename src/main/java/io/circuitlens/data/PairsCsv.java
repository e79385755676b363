package io.circuitlens.data;

import io.circuitlens.common.TextQuoting;

import io.circuitlens.common.CircuitLensException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pairs file: UTF-8 CSV (RFC 4180, see {@link CsvReader}) whose header names the columns
 * {@code clean,corrupted,correct,incorrect} in any order; extra columns are ignored. Field text is kept exactly,
 * leading and trailing spaces included, since they change GPT-2's tokens. Every error is one line naming the file
 * and, for a bad row, its 1-based data row (the header is not counted) and the line it starts on.
 */
public final class PairsCsv {
    public static final List<String> COLUMNS = List.of("clean", "corrupted", "correct", "incorrect");

    private PairsCsv() {}

    /** The first {@code limit} pairs ({@code limit <= 0}: all of them); rows past the limit are not parsed. */
    public static List<PromptPair> read(Path file, int limit) {
        CsvFile reader = CsvFile.open(file);
        CsvRecord header = reader.next("header");
        if (header == null) {
            throw new CircuitLensException(file + ": the file is empty; expected the header line "
                    + String.join(",", COLUMNS));
        }
        int[] columns = columnIndexes(file, header);
        List<PromptPair> pairs = new ArrayList<>();
        while (limit <= 0 || pairs.size() < limit) {
            int row = pairs.size() + 1;
            CsvRecord record = reader.next("row " + row);
            if (record == null) break;
            List<String> f = record.fields();
            if (f.size() != header.fields().size()) {
                throw new CircuitLensException(file + ": row " + row + " (line " + record.line() + ") has "
                        + f.size() + " field" + (f.size() == 1 ? "" : "s") + " but the header has "
                        + header.fields().size() + (f.size() > header.fields().size()
                        ? " (a field holding a comma must be quoted)" : ""));
            }
            pairs.add(new PromptPair(row, f.get(columns[0]), f.get(columns[1]), f.get(columns[2]), f.get(columns[3])));
        }
        if (pairs.isEmpty()) throw new CircuitLensException(file + ": no pairs after the header line");
        return pairs;
    }

    /** Where each of {@link #COLUMNS} sits in the header; names are compared after trimming surrounding spaces. */
    private static int[] columnIndexes(Path file, CsvRecord header) {
        List<String> names = header.fields().stream().map(String::strip).toList();
        int[] at = new int[COLUMNS.size()];
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            String column = COLUMNS.get(c);
            at[c] = names.indexOf(column);
            if (at[c] < 0) missing.add(column);
            else if (names.lastIndexOf(column) != at[c]) {
                throw new CircuitLensException(file + ": header (line " + header.line() + ") names column '"
                        + column + "' twice");
            }
        }
        if (!missing.isEmpty()) {
            List<String> found = names.stream().map(n -> TextQuoting.quote(n, 60)).toList();
            throw new CircuitLensException(file + ": header (line " + header.line() + ") lacks column"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + "; found " + String.join(", ", found)
                    + " (needed: " + String.join(",", COLUMNS) + "; extra columns are ignored)");
        }
        return at;
    }
}
