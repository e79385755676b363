package io.circuitlens.validation;

import io.circuitlens.circuit.Component;
import io.circuitlens.common.CircuitLensException;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The components a model is known to use for a task (read by {@link TruthFile}). Either one set for every prompt
 * ({@code global}: an induction or IOI circuit), or, when the truth differs between prompts, a set per data row of the
 * pairs file ({@code byRow}, 1-based rows as {@link io.circuitlens.tasks.TaskPairs#row} names them: which neurons hold
 * the fact a prompt asks for), each being the global components plus that row's own.
 */
public record KnownCircuit(Path file, String task, List<Component> global, Map<Integer, List<Component>> byRow) {
    public KnownCircuit {
        global = List.copyOf(global);
        byRow = byRow == null ? null : Map.copyOf(byRow);
    }

    public boolean perRow() {
        return byRow != null;
    }

    /** The components of the pair read from data row {@code row}; an error naming the file when it has no such row. */
    public Set<Component> circuit(int row) {
        Set<Component> out = new LinkedHashSet<>(global);
        if (byRow != null) {
            List<Component> own = byRow.get(row);
            if (own == null) {
                throw new CircuitLensException(file + ": no truth for data row " + row + " (it has rows "
                        + byRow.keySet().stream().mapToInt(Integer::intValue).min().orElse(0) + "-"
                        + byRow.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + ")");
            }
            out.addAll(own);
        }
        return out;
    }

    /** "3 components (0.0 1.0 1.1)" or "1-7 components per row (157 in all over 48 rows)". */
    public String describe() {
        if (byRow == null) {
            return global.size() + " components (" + String.join(" ", global.stream().map(Component::label).toList()) + ")";
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        int total = 0;
        for (int row : byRow.keySet()) {
            int s = circuit(row).size();
            min = Math.min(min, s);
            max = Math.max(max, s);
            total += s;
        }
        return (min == max ? Integer.toString(min) : min + "-" + max) + " components per row (" + total + " in all over "
                + byRow.size() + " rows)";
    }
}
