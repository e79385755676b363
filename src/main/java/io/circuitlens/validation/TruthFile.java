package io.circuitlens.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.model.Gpt2Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a ground-truth file ({@code truth.json} of {@code datasets/known-circuits/*}) for a model. What it reads:
 * <ul>
 *   <li>{@code heads}, {@code neurons}: the components every prompt uses, each a label ({@code L.H}, {@code mL.N}) or
 *       an object with a {@code component} label (and any evidence besides);</li>
 *   <li>{@code neurons_by_row} (optional): per data row of the pairs file, {@code {"row": R, "neurons_at_least_share":
 *       [labels]}}, the neurons that pair uses besides the global ones;</li>
 *   <li>{@code training.config} (optional): {@code n_layer}, {@code n_head}, {@code d_model}, {@code d_mlp},
 *       {@code vocab}, checked against the model so that a truth is never scored on another model.</li>
 * </ul>
 * Everything else (criteria, shares, signatures) is evidence for readers and ignored. Every mistake is a one-line
 * error naming the file and the entry.
 */
public final class TruthFile {
    private TruthFile() {}

    public static KnownCircuit read(Path file, Gpt2Config cfg) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CircuitLensException(file + ": file not found");
        } catch (IOException e) {
            throw new CircuitLensException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) throw new CircuitLensException(file + ": expected a JSON object");
        if (!root.has("heads") && !root.has("neurons") && !root.has("neurons_by_row")) {
            throw new CircuitLensException(file + ": not a ground-truth file (no 'heads', 'neurons' or 'neurons_by_row')");
        }
        checkModel(file, root.path("training").path("config"), cfg);
        List<Component> global = new ArrayList<>(new LinkedHashSet<>(components(file, root, "heads", cfg)));
        for (Component c : components(file, root, "neurons", cfg)) if (!global.contains(c)) global.add(c);
        Map<Integer, List<Component>> byRow = null;
        if (root.has("neurons_by_row")) byRow = rows(file, root.get("neurons_by_row"), cfg);
        if (global.isEmpty() && (byRow == null || byRow.values().stream().allMatch(List::isEmpty))) {
            throw new CircuitLensException(file + ": the truth names no components");
        }
        return new KnownCircuit(file, root.path("task").asText(file.toString()), global, byRow);
    }

    /** A list of labels or of objects with a "component" label; a missing key is an empty list. */
    private static List<Component> components(Path file, JsonNode parent, String key, Gpt2Config cfg) {
        JsonNode list = parent.get(key);
        List<Component> out = new ArrayList<>();
        if (list == null) return out;
        if (!list.isArray()) throw new CircuitLensException(file + ": '" + key + "' must be a list of components");
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            JsonNode label = item.isObject() ? item.get("component") : item;
            String where = key + "[" + i + "]" + (item.isObject() ? ".component" : "");
            if (label == null || !label.isTextual()) {
                throw new CircuitLensException(file + ": " + where + " must be a component label (L.H or mL.N)");
            }
            try {
                out.add(Component.parse(label.asText(), cfg));
            } catch (CircuitLensException e) {
                throw new CircuitLensException(file + ": " + where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Map<Integer, List<Component>> rows(Path file, JsonNode list, Gpt2Config cfg) {
        if (!list.isArray()) throw new CircuitLensException(file + ": 'neurons_by_row' must be a list");
        Map<Integer, List<Component>> out = new TreeMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = "neurons_by_row[" + i + "]";
            if (!entry.isObject() || !entry.path("row").canConvertToInt() || !entry.path("row").isIntegralNumber() || entry.get("row").asInt() < 1) {
                throw new CircuitLensException(file + ": " + where + " needs a 'row' (a data row number, 1 or more)");
            }
            int row = entry.get("row").asInt();
            if (out.containsKey(row)) throw new CircuitLensException(file + ": " + where + ": row " + row + " appears twice");
            LinkedHashSet<Component> neurons = new LinkedHashSet<>();
            for (Component c : components(file, entry, "neurons_at_least_share", cfg)) {
                if (c.kind() != ComponentKind.NEURONS) throw new CircuitLensException(file + ": " + where + ": " + c.label() + " is a head, not a neuron");
                neurons.add(c);
            }
            out.put(row, List.copyOf(neurons));
        }
        return out;
    }

    /** The sizes the truth was made for against the model's; a missing record is not checked. */
    private static void checkModel(Path file, JsonNode config, Gpt2Config cfg) {
        if (!config.isObject()) return;
        String[] keys = {"n_layer", "n_head", "d_model", "d_mlp", "vocab"};
        int[] model = {cfg.nLayers(), cfg.nHeads(), cfg.dModel(), cfg.dMlp(), cfg.dVocab()};
        StringBuilder truth = new StringBuilder();
        StringBuilder ours = new StringBuilder();
        boolean differs = false;
        for (int i = 0; i < keys.length; i++) {
            JsonNode v = config.get(keys[i]);
            if (v == null) continue;
            truth.append(truth.isEmpty() ? "" : " ").append(keys[i]).append('=').append(v.asText());
            ours.append(ours.isEmpty() ? "" : " ").append(keys[i]).append('=').append(model[i]);
            if (!v.canConvertToInt() || v.asInt() != model[i]) differs = true;
        }
        if (differs) {
            throw new CircuitLensException(file + ": the truth is for a model with " + truth + ", but the model has " + ours);
        }
    }
}
