package io.circuitlens.tasks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A generated task dataset: its rows in the task's file layout, and what the filters did to the candidates drawn
 * (distinct candidates only: a candidate drawn twice is counted once, under {@code duplicates}).
 */
public record GeneratedDataset(String task, List<String> columns, List<List<String>> rows, int requested,
                               Map<Drop, Integer> dropped, int duplicates, List<String> notes) {
    public GeneratedDataset {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        dropped = new EnumMap<>(dropped);
        notes = List.copyOf(notes);
    }

    public int kept() {
        return rows.size();
    }

    /** The rows as CSV text with a header line (see {@link CsvFields}). */
    public String toCsv() {
        StringBuilder out = new StringBuilder(CsvFields.line(columns));
        for (List<String> row : rows) out.append(CsvFields.line(row));
        return out.toString();
    }

    /** One line per fact: rows kept, then each filter's drops (zeros too, so every filter is seen), then notes. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add("kept " + kept() + " of " + requested + " requested " + task + " rows"
                + (kept() < requested ? " (the word lists ran out of distinct rows that pass the filters)" : ""));
        for (Drop d : applicable()) {
            lines.add("dropped " + dropped.getOrDefault(d, 0) + ": " + d.label);
        }
        lines.add("skipped " + duplicates + " repeated draws");
        lines.addAll(notes);
        return lines;
    }

    private List<Drop> applicable() {
        List<Drop> out = new ArrayList<>(List.of(Drop.ANSWER_NOT_SINGLE_TOKEN, Drop.UNEQUAL_LENGTH));
        for (Drop d : dropped.keySet()) if (!out.contains(d)) out.add(d);
        return out;
    }
}
