package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.attribution.Quadrature;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.RunRecord;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.ablation.Stats;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.io.TensorInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads result files into the report's records: the only class of this package that touches files. The kind comes
 * from the {@code run} record's "command" field (attribute's record has none: it is recognised by its score tables);
 * every tensor is checked for the shape its writer gives it, and every problem is a one-line error naming the file.
 * Score tables and metrics go through compare's {@link ScoreFile} and the run record is read as plain fields, so this
 * is the one place to point at a shared score-file or run-record class.
 */
public final class ResultFiles {

    private ResultFiles() {}

    public static List<Result> read(List<Path> paths) {
        List<Result> out = new ArrayList<>();
        for (Path p : paths) out.add(read(p));
        checkSameModel(out);
        return out;
    }

    public static Result read(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            Map<String, String> md = f.metadata();
            for (String other : List.of("compare", "latent")) {
                if (md.containsKey(other)) {
                    throw new CircuitLensException(path + ": is a '" + other + "' output; give the results it was made from instead (the report recomputes "
                            + other + " from them)");
                }
            }
            RunRecord run = RunRecord.read(path, md);
            ResultKind kind = kind(path, f, run);
            ResultMeta meta = new ResultMeta(path, kind, run);
            return switch (kind) {
                case ATTRIBUTION, ABLATION_TABLE -> new AttributionResult(meta, ScoreFile.read(path), paths(f, meta));
                case CURVE, PRUNE -> curve(f, meta);
                case FAITHFULNESS -> faithfulness(f, meta);
                case ABLATE -> new AblateResult(meta, vector(f, "metric_clean", -1), vector(f, "metric_corrupted", -1), vector(f, "metric_ablated", -1));
            };
        }
    }

    /** Results of different models cannot share a picture: the first pair whose recorded model configurations differ is an error. */
    public static void checkSameModel(List<Result> results) {
        Result first = null;
        for (Result r : results) {
            String cfg = r.meta().modelConfig();
            if (cfg == null) continue;
            if (first == null) {
                first = r;
            } else if (!cfg.equals(first.meta().modelConfig())) {
                throw new CircuitLensException(r.meta().file() + ": comes from a different model (" + cfg + ") than " + first.meta().file() + " ("
                        + first.meta().modelConfig() + "); pictures and reports combine results of one model");
            }
        }
    }

    private static ResultKind kind(Path path, SafetensorsFile f, RunRecord run) {
        String command = run.text("command");
        if (command != null) {
            ResultKind k = ResultKind.ofCommand(command);
            if (k == null) throw new CircuitLensException(path + ": written by '" + command + "', which has no pictures");
            return k;
        }
        if (f.contains("heads") || f.contains("neurons")) return ResultKind.ATTRIBUTION;
        if (f.contains("curve_mean")) return f.contains("candidate_mean") ? ResultKind.PRUNE : ResultKind.CURVE;
        if (f.contains("k_percent")) return ResultKind.FAITHFULNESS;
        if (f.contains("metric_ablated")) return ResultKind.ABLATE;
        throw new CircuitLensException(path + ": not a circuitlens result (no heads/neurons scores, curve, faithfulness or ablation tensors; it has "
                + String.join(", ", f.names().stream().limit(6).toList()) + ")");
    }

    private static Map<ComponentKind, PathCurves> paths(SafetensorsFile f, ResultMeta meta) {
        Map<ComponentKind, PathCurves> out = new EnumMap<>(ComponentKind.class);
        for (ComponentKind k : ComponentKind.values()) {
            String name = "path_metric_" + k.tensor();
            if (!f.contains(name)) continue;
            long[] s = shape(f, name, 3);
            int n = (int) s[0];
            int layers = (int) s[1];
            int steps = (int) s[2];
            double[] alphas = alphas(f.path(), meta, steps);
            String split = "split_alpha_" + k.tensor();
            float[] cut = null;
            if (f.contains(split)) {
                long[] ss = shape(f, split, 2);
                if (ss[0] != n || ss[1] != layers) throw shapeError(f.path(), split, ss, "[" + n + ", " + layers + "]");
                cut = f.readFloats(split);
            }
            out.put(k, new PathCurves(k, n, layers, alphas, f.readFloats(name), cut));
        }
        return out;
    }

    /** The quadrature nodes the path was sampled at, from the run record's rule and steps. */
    private static double[] alphas(Path path, ResultMeta meta, int steps) {
        String rule = meta.get("rule");
        if (rule == null) throw new CircuitLensException(path + ": has path curves but its run record names no quadrature rule");
        Quadrature q;
        try {
            q = Quadrature.of(rule, steps);
        } catch (CircuitLensException e) {
            throw new CircuitLensException(path + ": run record: " + e.getMessage());
        }
        return q.alphas();
    }

    private static CurveResult curve(SafetensorsFile f, ResultMeta meta) {
        long[] steps = f.readLongs(required(f, meta, "steps"));
        int s = steps.length;
        double[] mean = doubles(vector(f, "curve_mean", s));
        double[] std = doubles(vector(f, "curve_std", s));
        return new CurveResult(meta, Arrays.stream(steps).mapToInt(Math::toIntExact).toArray(), mean, std, order(f, "order"));
    }

    private static FaithfulnessResult faithfulness(SafetensorsFile f, ResultMeta meta) {
        required(f, meta, "k_percent");
        double[] k = doubles(vector(f, "k_percent", -1));
        int m = k.length;
        float[] full = vector(f, "metric_full", -1);
        float[] empty = vector(f, "metric_empty", full.length);
        double denominator = Stats.mean(full) - Stats.mean(empty);
        return new FaithfulnessResult(meta, k, Arrays.stream(f.readLongs("kept")).mapToInt(Math::toIntExact).toArray(),
                doubles(vector(f, "f_signed", m)), doubles(vector(f, "f_abs", m)),
                spread(f, "metric_signed", full.length, m, denominator), spread(f, "metric_abs", full.length, m, denominator),
                scalar(f, "cpr"), scalar(f, "cmd"), scalar(f, "cpr_abs"), scalar(f, "cmd_signed"));
    }

    /** Std over prompts of metric [N, K] per column, divided by |full − empty| (see FaithfulnessResult). */
    private static double[] spread(SafetensorsFile f, String name, int n, int k, double denominator) {
        long[] s = shape(f, name, 2);
        if (s[0] != n || s[1] != k) throw shapeError(f.path(), name, s, "[" + n + ", " + k + "]");
        float[] v = f.readFloats(name);
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            float[] col = new float[n];
            for (int p = 0; p < n; p++) col[p] = v[p * k + j];
            out[j] = Stats.of(col).std() / Math.abs(denominator);
        }
        return out;
    }

    /** "9.6" / "m3.1024" labels of {@code prefix}_kind/_layer/_index (kind 0 = head, 1 = neuron). */
    private static List<String> order(SafetensorsFile f, String prefix) {
        if (!f.contains(prefix + "_kind")) return List.of();
        long[] kind = f.readLongs(prefix + "_kind");
        long[] layer = f.readLongs(prefix + "_layer");
        long[] index = f.readLongs(prefix + "_index");
        if (layer.length != kind.length || index.length != kind.length) {
            throw new CircuitLensException(f.path() + ": '" + prefix + "_kind', '_layer' and '_index' have different lengths");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < kind.length; i++) out.add(ComponentKind.values()[kind[i] == 0 ? 0 : 1].label((int) layer[i], (int) index[i]));
        return out;
    }

    private static String required(SafetensorsFile f, ResultMeta meta, String name) {
        if (!f.contains(name)) {
            throw new CircuitLensException(f.path() + ": has no '" + name + "' tensor, which a " + meta.kind().command() + " result always has");
        }
        return name;
    }

    /** A rank-1 float tensor, of length {@code n} unless n is −1; missing or misshapen ones are errors naming it. */
    private static float[] vector(SafetensorsFile f, String name, int n) {
        if (!f.contains(name)) throw new CircuitLensException(f.path() + ": has no '" + name + "' tensor");
        long[] s = shape(f, name, 1);
        if (n >= 0 && s[0] != n) throw shapeError(f.path(), name, s, "[" + n + "]");
        float[] v = f.readFloats(name);
        for (int i = 0; i < v.length; i++) {
            if (Float.isInfinite(v[i])) throw new CircuitLensException(f.path() + ": '" + name + "' has an infinite value at index " + i);
        }
        return v;
    }

    private static double scalar(SafetensorsFile f, String name) {
        if (!f.contains(name)) throw new CircuitLensException(f.path() + ": has no '" + name + "' tensor");
        float[] v = f.readFloats(name);
        if (v.length != 1) throw shapeError(f.path(), name, f.info(name).shape(), "[] (a scalar)");
        return v[0];
    }

    private static long[] shape(SafetensorsFile f, String name, int rank) {
        TensorInfo info = f.info(name);
        if (info.rank() != rank) throw shapeError(f.path(), name, info.shape(), rank + " dimensions");
        return info.shape();
    }

    private static CircuitLensException shapeError(Path path, String name, long[] shape, String expected) {
        return new CircuitLensException(path + ": '" + name + "' has shape " + Arrays.toString(shape) + ", expected " + expected);
    }

    private static double[] doubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
