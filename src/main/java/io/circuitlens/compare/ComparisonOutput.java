package io.circuitlens.compare;

import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.circuit.RunRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.io.SafetensorsWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * compare's numbers as safetensors and JSON. Tensors, for each compared kind K (heads, neurons):
 * <ul>
 *   <li>{@code K.correlation_averaged} F32 [3], {@code K.correlation_per_prompt} [N, 3] (NaN where undefined),
 *       {@code K.correlation_mean}, {@code K.correlation_std} [3]; columns pearson, spearman, kendall_tau_b;</li>
 *   <li>{@code K.top_k} I64 [m], {@code K.jaccard} F32 [m], {@code K.shared} I64 [m];</li>
 *   <li>{@code K.scaled_a}, {@code K.scaled_b} F32 [layers, width] (the outlier scale), {@code K.outliers} I64
 *       [count, 2] (layer, index), most disagreeing first;</li>
 *   <li>with a ground truth: {@code K.ground_truth} I64 [layers, width] (1 = in the set), {@code K.precision_a},
 *       {@code K.recall_a}, {@code K.precision_b}, {@code K.recall_b} F32 [m].</li>
 * </ul>
 * Metadata {@code compare}: the files, their runs, settings, definitions and notes (JSON).
 */
public final class ComparisonOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComparisonOutput() {}

    public static SafetensorsWriter safetensors(Comparison c) {
        SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of("compare", header(c).toString()));
        int nc = Correlation.values().length;
        for (KindComparison k : c.kinds()) {
            String p = k.kind().tensor() + ".";
            int layers = k.a().layers();
            int width = k.a().width();
            w.add(p + "correlation_averaged", Tensors.floats(k.averaged(), nc));
            w.add(p + "correlation_per_prompt", Tensors.floats(k.perPrompt(), nc));
            double[] mean = new double[nc];
            double[] std = new double[nc];
            for (int i = 0; i < nc; i++) {
                mean[i] = k.perPromptSummary()[i].mean();
                std[i] = k.perPromptSummary()[i].std();
            }
            w.add(p + "correlation_mean", Tensors.floats(mean, nc));
            w.add(p + "correlation_std", Tensors.floats(std, nc));
            int m = k.ks().length;
            w.add(p + "top_k", Tensors.longs(Arrays.stream(k.ks()).asLongStream().toArray(), m));
            w.add(p + "jaccard", Tensors.floats(k.jaccard(), m));
            w.add(p + "shared", Tensors.longs(Arrays.stream(k.shared()).asLongStream().toArray(), m));
            w.add(p + "scaled_a", Tensors.floats(k.scaledA(), layers, width));
            w.add(p + "scaled_b", Tensors.floats(k.scaledB(), layers, width));
            w.add(p + "outliers", Tensors.components(Outliers.indices(k.outliers()), width));
            if (k.truth() != null) {
                boolean[] member = k.truth().set().member();
                long[] mask = new long[member.length];
                for (int i = 0; i < mask.length; i++) mask[i] = member[i] ? 1 : 0;
                w.add(p + "ground_truth", Tensors.longs(mask, layers, width));
                w.add(p + "precision_a", Tensors.floats(k.truth().precisionA(), m));
                w.add(p + "recall_a", Tensors.floats(k.truth().recallA(), m));
                w.add(p + "precision_b", Tensors.floats(k.truth().precisionB(), m));
                w.add(p + "recall_b", Tensors.floats(k.truth().recallB(), m));
            }
        }
        return w;
    }

    /** Everything, as pretty-printed JSON (NaN as null). */
    public static String json(Comparison c) {
        ObjectNode root = header(c);
        for (KindComparison k : c.kinds()) root.set(k.kind().tensor(), kind(k));
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers: cannot happen
        }
    }

    private static ObjectNode header(Comparison c) {
        ObjectNode o = JSON.createObjectNode();
        file(o.putObject("a"), c.a(), c.orientation().negateA());
        file(o.putObject("b"), c.b(), c.orientation().negateB());
        if (c.truth() != null) o.putObject("ground_truth").put("file", c.truth().path().toString());
        ObjectNode s = o.putObject("settings");
        s.put("components", c.settings().components()).put("outliers", c.settings().outliers())
                .put("ground_truth_threshold", c.settings().truthFraction());
        if (c.settings().topK() > 0) s.put("top_k", c.settings().topK());
        ArrayNode cols = o.putArray("correlation_columns");
        for (Correlation k : Correlation.values()) cols.add(k.key());
        ObjectNode d = o.putObject("definitions");
        d.put("correlations", Definitions.CORRELATIONS).put("top_k", Definitions.TOP_K).put("outliers", Definitions.OUTLIERS)
                .put("ground_truth", Definitions.GROUND_TRUTH).put("orientation", Definitions.ORIENTATION);
        ArrayNode notes = o.putArray("notes");
        c.notes().forEach(notes::add);
        return o;
    }

    private static void file(ObjectNode o, ScoreFile f, boolean negated) {
        o.put("file", f.path().toString());
        RunRecord r = f.run();
        if (r.method() != null) o.put("method", r.method());
        if (r.direction() != null) o.put("direction", r.direction().label());
        if (r.metric() != null) o.put("metric", r.metric());
        o.put("negated", negated);
    }

    private static ObjectNode kind(KindComparison k) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode shape = o.putArray("shape");
        for (int d : k.a().shape()) shape.add(d);
        Correlation[] corr = Correlation.values();
        ObjectNode avg = o.putObject("correlation_prompt_averaged");
        ObjectNode per = o.putObject("correlation_per_prompt");
        for (int i = 0; i < corr.length; i++) {
            JsonNumbers.put(avg, corr[i].key(), k.averaged()[i]);
            ObjectNode c = per.putObject(corr[i].key());
            JsonNumbers.put(c, "mean", k.perPromptSummary()[i].mean());
            JsonNumbers.put(c, "std", k.perPromptSummary()[i].std());
            c.put("defined_prompts", k.perPromptSummary()[i].count());
            double[] column = new double[k.perPrompt().length];
            for (int p = 0; p < column.length; p++) column[p] = k.perPrompt()[p][i];
            JsonNumbers.array(c, "values", column);
        }
        ArrayNode topk = o.putArray("top_k");
        for (int i = 0; i < k.ks().length; i++) {
            ObjectNode t = topk.addObject().put("k", k.ks()[i]).put("shared", k.shared()[i]);
            JsonNumbers.put(t, "jaccard", k.jaccard()[i]);
            if (k.truth() != null) {
                JsonNumbers.put(t, "precision_a", k.truth().precisionA()[i]);
                JsonNumbers.put(t, "recall_a", k.truth().recallA()[i]);
                JsonNumbers.put(t, "precision_b", k.truth().precisionB()[i]);
                JsonNumbers.put(t, "recall_b", k.truth().recallB()[i]);
            }
        }
        ArrayNode outliers = o.putArray("outliers");
        for (Outliers.Outlier x : k.outliers()) {
            ObjectNode e = outliers.addObject().put("component", k.a().label(x.index()))
                    .put("layer", x.index() / k.a().width()).put("index", x.index() % k.a().width());
            JsonNumbers.put(e, "a", x.a());
            JsonNumbers.put(e, "b", x.b());
            JsonNumbers.put(e, "scaled_a", x.scaledA());
            JsonNumbers.put(e, "scaled_b", x.scaledB());
            JsonNumbers.put(e, "disagreement", x.disagreement());
        }
        if (k.truth() != null) {
            GroundTruth g = k.truth().set();
            ObjectNode t = o.putObject("ground_truth");
            t.put("threshold_fraction", g.fraction()).put("size", g.size()).put("prompts", k.truth().prompts());
            JsonNumbers.put(t, "threshold", g.threshold());
            ArrayNode members = t.putArray("components");
            for (int i = 0; i < g.member().length; i++) if (g.member()[i]) members.add(k.a().label(i));
        }
        return o;
    }
}
