package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The word lists the generators draw from ({@code datasets/wordlists/<task>/}): plain lists (one entry per line,
 * {@code #} comments and blank lines skipped, text kept as written apart from the line break) and small CSV tables
 * with a header. Errors name the file.
 */
final class WordLists {
    private final Path dir;

    WordLists(Path wordlistsDir, String task) {
        this.dir = wordlistsDir.resolve(task);
        if (!Files.isDirectory(dir)) throw new CircuitLensException("word list folder not found: " + dir);
    }

    List<String> lines(String name) {
        Path file = dir.resolve(name);
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                out.add(line.strip());
            }
        } catch (NoSuchFileException e) {
            throw new CircuitLensException(file + ": file not found");
        } catch (IOException e) {
            throw new CircuitLensException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) throw new CircuitLensException(file + ": the list is empty");
        return out;
    }

    /** The rows of a CSV table, each checked to hold the {@code columns} named (in the header's order of those names). */
    List<List<String>> table(String name, List<String> columns) {
        TaskCsv csv = TaskCsv.read(dir.resolve(name), "word list", 0);
        csv.require(columns);
        List<List<String>> out = new ArrayList<>();
        for (TaskCsv.Row row : csv.rows()) {
            List<String> values = new ArrayList<>();
            for (String c : columns) {
                String v = row.text(c).strip();
                if (v.isEmpty()) throw row.error("column " + c + " is empty");
                values.add(v);
            }
            out.add(values);
        }
        return out;
    }
}
