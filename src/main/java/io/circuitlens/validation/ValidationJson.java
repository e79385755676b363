package io.circuitlens.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.Version;
import io.circuitlens.validation.ValidationResult.MethodRun;
import io.circuitlens.validation.ValidationResult.TruthRank;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * A validation as JSON: the truth and settings, the two references (the known circuit's faithfulness, random
 * circuits'), and per method and direction its k, precision, recall, faithfulness, seconds and the rank of every true
 * component ({@code ranks}: label → rank, or per data row with a truth per row). Undefined numbers are null.
 */
public final class ValidationJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ValidationJson() {}

    public static String of(ValidationResult v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("tool", Version.tool());
        o.put("truth", v.truth().file().toString());
        o.put("task", v.truth().task());
        o.put("truth_per_row", v.truth().perRow());
        o.put("truth_summary", v.truth().describe());
        o.put("k", v.kRule());
        o.put("ranking", "signed importance (noising scores negated), heads and neurons together");
        o.put("prompts", v.rows().length);
        o.put("components", v.scope().size());
        o.put("ablation", v.ablation().describe());
        number(o, "metric_clean", v.metricClean());
        number(o, "metric_corrupted", v.metricCorrupted());
        number(o, "known_circuit_faithfulness", v.knownFaithfulness());
        ObjectNode random = o.putObject("random_circuits");
        random.put("draws", v.random().draws()).put("seed", v.random().seed());
        number(random, "mean", v.random().mean());
        number(random, "max", v.random().max());
        ArrayNode each = random.putArray("each");
        for (double f : v.random().each()) each.add(Double.isFinite(f) ? f : null);
        number(o, "faithfulness_seconds", v.faithfulnessSeconds());
        ArrayNode runs = o.putArray("runs");
        for (MethodRun r : v.runs()) {
            ObjectNode x = runs.addObject();
            x.put("method", r.method().label()).put("direction", r.direction().label());
            if (r.k().length == 1) {
                x.put("k", r.k()[0]);
            } else {
                ArrayNode k = x.putArray("k");
                for (int kk : r.k()) k.add(kk);
            }
            number(x, "precision", r.precision());
            number(x, "recall", r.recall());
            number(x, "faithfulness", r.faithfulness());
            number(x, "seconds", r.seconds());
            number(x, "mean_rank", r.meanRank());
            x.put("worst_rank", r.worstRank());
            if (r.ranks().size() == 1 && !v.truth().perRow()) {
                ranks(x.putObject("ranks"), r.ranks().getFirst());
            } else {
                ArrayNode rows = x.putArray("ranks");
                for (int p = 0; p < r.ranks().size(); p++) {
                    ObjectNode row = rows.addObject().put("row", v.rows()[p]);
                    ranks(row.putObject("ranks"), r.ranks().get(p));
                }
            }
        }
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ranks(ObjectNode o, List<TruthRank> ranks) {
        for (TruthRank t : ranks) o.put(t.component().label(), t.rank());
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }
}
