package io.circuitlens.report;

import io.circuitlens.circuit.Direction;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.RunRecord;
import io.circuitlens.circuit.ScoreFile;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Test helper: results built in memory with known values, so pictures can be checked against them. */
final class Synthetic {
    static final int LAYERS = 3;
    static final int HEADS = 4;

    private Synthetic() {}

    /**
     * Two prompts of a 3 × 4 head table: head 1.2 scores +1 in both, head 0.0 scores −0.5, the rest a little noise
     * around 0 (so the ranks are defined).
     */
    static AttributionResult heads(String name, String method, Direction dir) {
        float[] data = new float[2 * LAYERS * HEADS];
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < LAYERS * HEADS; i++) data[p * LAYERS * HEADS + i] = 0.01f * ((i * 7 + p) % 5 - 2);
            data[p * LAYERS * HEADS + HEADS + 2] = 1f;
            data[p * LAYERS * HEADS] = -0.5f;
        }
        Map<ComponentKind, ComponentScores> tables = new EnumMap<>(ComponentKind.class);
        tables.put(ComponentKind.HEADS, new ComponentScores(ComponentKind.HEADS, 2, LAYERS, HEADS, data));
        ScoreFile sf = new ScoreFile(Path.of(name), run("method", method, "direction", dir.label(), "metric", "logit-diff"), tables, new float[] {2, 3}, new float[] {0, 1});
        ResultMeta meta = new ResultMeta(Path.of(name), ResultKind.ATTRIBUTION,
                run("method", method, "direction", dir.label(), "metric", "logit-diff", "model_config", "n_layer=3 n_head=4"));
        return new AttributionResult(meta, sf, Map.of());
    }

    /** A run record with these key, value pairs. */
    static RunRecord run(String... keyValues) {
        RunRecord r = RunRecord.none();
        for (int i = 0; i < keyValues.length; i += 2) r.put(keyValues[i], keyValues[i + 1]);
        return r;
    }
}
