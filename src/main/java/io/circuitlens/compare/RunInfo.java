package io.circuitlens.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.attribution.Direction;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a results file's {@code run} metadata (the JSON record {@code attribute} writes) says about how its scores
 * were made. Every field is null when the file has no record (e.g. a table made elsewhere) or the record lacks it.
 */
public record RunInfo(String method, Direction direction, String metric, String dataSha256) {
    public static final RunInfo NONE = new RunInfo(null, null, null, null);

    static RunInfo of(Path file, Map<String, String> metadata) {
        String json = metadata.get("run");
        if (json == null) return NONE;
        JsonNode run;
        try {
            run = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CircuitLensException(file + ": metadata 'run' is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (run == null || !run.isObject()) throw new CircuitLensException(file + ": metadata 'run' is not a JSON object");
        return new RunInfo(text(run, "method"), direction(file, text(run, "direction")), text(run, "metric"), text(run, "data_sha256"));
    }

    private static String text(JsonNode run, String key) {
        JsonNode v = run.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Direction direction(Path file, String label) {
        if (label == null) return null;
        for (Direction d : Direction.values()) if (d.label().equals(label)) return d;
        throw new CircuitLensException(file + ": metadata 'run' has direction '" + label
                + "', expected clean-to-corrupted or corrupted-to-clean");
    }

    /** "ig, clean-to-corrupted, logit-diff" with "?" for what is unknown. */
    public String describe() {
        return orUnknown(method) + ", " + (direction == null ? "direction ?" : direction.label()) + ", " + orUnknown(metric);
    }

    private static String orUnknown(String s) {
        return s == null ? "?" : s;
    }
}
