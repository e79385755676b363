package io.circuitlens.report;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.ScoreFile;

import java.util.Map;

/**
 * An {@code attribute} or {@code ablation-table} result: per-component score tables (through compare's
 * {@link ScoreFile}, so that comparisons reuse its checks and statistics), the metrics of the two runs, and the IG
 * path curves where saved.
 */
public record AttributionResult(ResultMeta meta, ScoreFile scores, Map<ComponentKind, PathCurves> paths) implements Result {
    public AttributionResult {
        paths = Map.copyOf(paths);
    }

    public boolean has(ComponentKind kind) {
        return scores.has(kind);
    }

    /** The table of this kind; a one-line error naming the file when it has none. */
    public ComponentScores table(ComponentKind kind) {
        return scores.table(kind);
    }

    public String name() {
        return meta.name();
    }
}
