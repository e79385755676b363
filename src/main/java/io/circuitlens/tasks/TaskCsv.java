package io.circuitlens.tasks;

import io.circuitlens.data.CsvFile;
import io.circuitlens.data.CsvRecord;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.common.TextQuoting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A task file read by column name: the header names the columns in any order, unknown columns are ignored (the
 * EAP-IG files carry readable extras and sometimes a pandas index column). Every error is one line naming the file
 * and, for a bad row, its 1-based data row (the header is not counted) and the line it starts on.
 */
final class TaskCsv {
    private final Path file;
    private final String task;
    private final List<String> columns;
    private final int headerLine;
    private final List<Row> rows;

    private TaskCsv(Path file, String task, List<String> columns, int headerLine, List<Row> rows) {
        this.file = file;
        this.task = task;
        this.columns = columns;
        this.headerLine = headerLine;
        this.rows = rows;
    }

    /** The header and the first {@code limit} rows ({@code limit <= 0}: all); rows past the limit are not parsed. */
    static TaskCsv read(Path file, String task, int limit) {
        CsvFile records = CsvFile.open(file);
        CsvRecord header = records.next("header");
        if (header == null) {
            throw new CircuitLensException(file + ": the file is empty; expected a header line"
                    + (task.equals(Tasks.PAIRS) ? " clean,corrupted,correct,incorrect" : ""));
        }
        List<String> names = header.fields().stream().map(String::strip).toList();
        List<Row> rows = new ArrayList<>();
        TaskCsv csv = new TaskCsv(file, task, names, header.line(), rows);
        while (limit <= 0 || rows.size() < limit) {
            CsvRecord r = records.next("row " + (rows.size() + 1));
            if (r == null) break;
            Row row = new Row(csv, rows.size() + 1, r.line(), r.fields());
            if (r.fields().size() != names.size()) {
                throw row.error("has " + r.fields().size() + " field" + (r.fields().size() == 1 ? "" : "s")
                        + " but the header has " + names.size()
                        + (r.fields().size() > names.size() ? " (a field holding a comma must be quoted)" : ""));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new CircuitLensException(file + ": no pairs after the header line");
        return csv;
    }

    Path file() {
        return file;
    }

    List<Row> rows() {
        return rows;
    }

    boolean has(String column) {
        return columns.contains(column);
    }

    /** Fails, naming every missing column and the whole layout, unless the header has all of {@code needed}. */
    void require(List<String> needed) {
        List<String> missing = needed.stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new CircuitLensException(file + ": header (line " + headerLine + ") lacks column"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + "; found "
                    + String.join(", ", columns.stream().map(c -> TextQuoting.quote(c, 40)).toList())
                    + " (the " + task + " layout needs " + String.join(",", needed) + "; extra columns are ignored)");
        }
        for (String c : needed) {
            if (columns.indexOf(c) != columns.lastIndexOf(c)) {
                throw new CircuitLensException(file + ": header (line " + headerLine + ") names column '" + c + "' twice");
            }
        }
    }

    private int index(String column) {
        int at = columns.indexOf(column);
        if (at < 0) throw new IllegalStateException("column " + column + " was not required");
        return at;
    }

    /** One data row; {@code number} is 1-based, not counting the header. */
    record Row(TaskCsv csv, int number, int line, List<String> fields) {
        String text(String column) {
            return fields.get(csv.index(column));
        }

        /** A whole number (spaces around it allowed, as pandas never writes them but people do). */
        int integer(String column) {
            String value = text(column).strip();
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error("column " + column + " should be a whole number, got " + TextQuoting.quote(value, 40));
            }
        }

        /** A Python list literal of whole numbers, e.g. {@code [12345, 678]}. */
        int[] intList(String column) {
            try {
                return PythonLists.parseInts(text(column));
            } catch (IllegalArgumentException e) {
                throw error("column " + column + ": " + e.getMessage());
            }
        }

        /** A Python list literal of strings, e.g. {@code ['gems', 'gemstones']}. */
        List<String> stringList(String column) {
            try {
                return PythonLists.parseStrings(text(column));
            } catch (IllegalArgumentException e) {
                throw error("column " + column + ": " + e.getMessage());
            }
        }

        CircuitLensException error(String message) {
            return new CircuitLensException(csv.file + ": row " + number + " (line " + line + "): " + message);
        }
    }
}
