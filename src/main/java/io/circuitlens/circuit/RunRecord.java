package io.circuitlens.circuit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.common.Version;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What made a result: the JSON record every result file carries in its safetensors metadata under {@code run} — the
 * tool and its version, the date, the command or method, direction, metric, components, model, data (with its
 * SHA-256), pairs, BOS, backend, seconds, and each command's own settings. Written here, read back here (by compare,
 * latent, plot and report), so its fields have one spelling.
 */
public final class RunRecord {
    public static final String METADATA_KEY = "run";
    /** The method of an ablation table (its scores read like noising ones: taking a component away). */
    public static final String ABLATION = "ablation";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode json;

    private RunRecord(ObjectNode json) {
        this.json = json;
    }

    /** A new record for a command ({@code attribute}, {@code ablate}, ...), stamped with the tool and the date. */
    public static RunRecord of(String command) {
        ObjectNode o = JSON.createObjectNode();
        o.put("tool", Version.tool());
        o.put("date", Instant.now().toString());
        o.put("command", command);
        return new RunRecord(o);
    }

    /** A record with no fields: a file that has none (e.g. a table made elsewhere). */
    public static RunRecord none() {
        return new RunRecord(JSON.createObjectNode());
    }

    /** The record of a result file (from its metadata), or {@link #none()}; a malformed record names the file. */
    public static RunRecord read(Path file, Map<String, String> metadata) {
        String text = metadata.get(METADATA_KEY);
        if (text == null) return none();
        JsonNode run;
        try {
            run = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CircuitLensException(file + ": metadata 'run' is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (run == null || !run.isObject()) throw new CircuitLensException(file + ": metadata 'run' is not a JSON object");
        RunRecord r = new RunRecord((ObjectNode) run);
        String d = r.text("direction");
        if (d != null && java.util.Arrays.stream(Direction.values()).noneMatch(x -> x.label().equals(d))) {
            throw new CircuitLensException(file + ": metadata 'run' has direction '" + d + "', expected clean-to-corrupted or corrupted-to-clean");
        }
        return r;
    }

    public RunRecord put(String key, String value) {
        if (value != null) json.put(key, value);
        return this;
    }

    public RunRecord put(String key, long value) {
        json.put(key, value);
        return this;
    }

    public RunRecord put(String key, double value) {
        json.put(key, value);
        return this;
    }

    public RunRecord put(String key, boolean value) {
        json.put(key, value);
        return this;
    }

    /** Seconds, rounded to milliseconds. */
    public RunRecord seconds(double seconds) {
        return put("seconds", Math.round(seconds * 1000) / 1000.0);
    }

    /** A field as text, or null when absent. */
    public String text(String key) {
        JsonNode v = json.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Every field as text (numbers as written, objects as JSON), by name. */
    public java.util.SortedMap<String, String> fields() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        json.properties().forEach(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return out;
    }

    public String method() {
        return text("method");
    }

    public String metric() {
        return text("metric");
    }

    public String dataSha256() {
        return text("data_sha256");
    }

    /** The direction of an attribution run, or null when the record has none. */
    public Direction direction() {
        String d = text("direction");
        return d == null ? null : Direction.parse(d);
    }

    /**
     * How the scores read: {@link Orientation#NEEDS} for noising runs and ablation tables (taking a component the
     * behaviour needs away lowers the metric, so it scores negative), {@link Orientation#SUFFICES} for denoising runs
     * (restoring it raises the metric: positive), {@link Orientation#UNKNOWN} when the record says neither.
     */
    public Orientation orientation() {
        Direction d = direction();
        if (d == Direction.CORRUPTED_TO_CLEAN) return Orientation.SUFFICES;
        if (d == Direction.CLEAN_TO_CORRUPTED || ABLATION.equals(method())) return Orientation.NEEDS;
        return Orientation.UNKNOWN;
    }

    /** How a file's scores relate to what the clean behaviour relies on. */
    public enum Orientation {
        /** noising or ablation: a component the behaviour needs scores negative */
        NEEDS,
        /** denoising: a component that restores the behaviour scores positive */
        SUFFICES,
        /** no direction recorded */
        UNKNOWN
    }

    /** "ig, clean-to-corrupted, logit-diff" with "?" for what is unknown. */
    public String describe() {
        Direction d = direction();
        return orUnknown(method()) + ", " + (d == null ? "direction ?" : d.label()) + ", " + orUnknown(metric());
    }

    private static String orUnknown(String s) {
        return s == null ? "?" : s;
    }

    public String toJson() {
        return json.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
