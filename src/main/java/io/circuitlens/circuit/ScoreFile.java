package io.circuitlens.circuit;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.io.TensorInfo;
import io.circuitlens.model.Gpt2Config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The component scores of an attribution or ablation result file, read eagerly and checked: the {@code heads} and
 * {@code neurons} tables ([N, n_layer, width], or an already averaged [n_layer, width]), the metrics [N] if present,
 * the run record. Everything wrong is a one-line {@link CircuitLensException} naming the file and tensor.
 *
 * <p>Importance. In an attribution file a positive score means moving the component raised the metric. Noising runs
 * (clean-to-corrupted) and ablation tables give a component that carries the behaviour a negative score (taking it
 * away lowers the metric); denoising runs (corrupted-to-clean) a positive one ({@link RunRecord#orientation()}). The
 * signed importance is therefore sign·score with sign −1 for noising/ablation files and +1 otherwise
 * ({@link Sign#AUTO}); {@link Sign#KEEP} and {@link Sign#FLIP} override it. The absolute importance is |score|.
 */
public record ScoreFile(Path path, RunRecord run, Map<ComponentKind, ComponentScores> tables, float[] metricClean,
                        float[] metricCorrupted) {

    /** How raw scores turn into signed importance. */
    public enum Sign {
        AUTO, KEEP, FLIP;

        public static Sign parse(String s) {
            return switch (s) {
                case "auto" -> AUTO;
                case "keep" -> KEEP;
                case "flip" -> FLIP;
                default -> throw new CircuitLensException("sign must be auto, keep or flip, got '" + s + "'");
            };
        }
    }

    public static ScoreFile read(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            RunRecord run = RunRecord.read(path, f.metadata());
            Map<ComponentKind, ComponentScores> tables = new EnumMap<>(ComponentKind.class);
            for (ComponentKind k : ComponentKind.values()) {
                if (f.contains(k.tensor())) tables.put(k, table(f, k));
            }
            if (tables.isEmpty()) throw new CircuitLensException(path + ": has no 'heads' or 'neurons' scores");
            float[] clean = f.contains("metric_clean") ? vector(f, "metric_clean") : null;
            float[] corrupted = f.contains("metric_corrupted") ? vector(f, "metric_corrupted") : null;
            for (ComponentScores t : tables.values()) {
                for (float[] m : new float[][] {clean, corrupted}) {
                    if (m != null && m.length != t.prompts() && t.prompts() != 1) {
                        throw new CircuitLensException(path + ": '" + t.kind().tensor() + "' has " + t.prompts()
                                + " prompts but the metrics have " + m.length);
                    }
                }
            }
            return new ScoreFile(path, run, tables, clean, corrupted);
        }
    }

    /** Reads a file and checks its tables fit a model (layers and heads or neurons per layer). */
    public static ScoreFile read(Path path, Gpt2Config cfg) {
        ScoreFile f = read(path);
        for (ComponentScores t : f.tables.values()) {
            int width = t.kind().perLayer(cfg);
            if (t.layers() != cfg.nLayers() || t.width() != width) {
                throw new CircuitLensException(path + ": '" + t.kind().tensor() + "' has shape " + Arrays.toString(t.shape())
                        + " but the model needs [N, " + cfg.nLayers() + ", " + width + "]");
            }
        }
        return f;
    }

    /** The table of this kind; an error naming the file and what it does have when it is missing. */
    public ComponentScores table(ComponentKind kind) {
        ComponentScores t = tables.get(kind);
        if (t == null) {
            throw new CircuitLensException(path + ": no '" + kind.tensor() + "' scores (it has only "
                    + tables.keySet().iterator().next().tensor() + "; attribute them with components " + kind.tensor() + ")");
        }
        return t;
    }

    public boolean has(ComponentKind kind) {
        return tables.containsKey(kind);
    }

    public String name() {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    /** Signed and absolute importance per component, from the prompt-averaged scores. */
    public Importance importance(Sign mode) {
        double sign;
        String reason;
        switch (mode) {
            case KEEP -> {
                sign = 1;
                reason = "sign kept as stored";
            }
            case FLIP -> {
                sign = -1;
                reason = "sign flipped";
            }
            default -> {
                switch (run.orientation()) {
                    case SUFFICES -> {
                        sign = 1;
                        reason = "denoising scores (corrupted-to-clean): higher = more important";
                    }
                    case NEEDS -> {
                        sign = -1;
                        reason = (RunRecord.ABLATION.equals(run.method()) ? "ablation" : "noising (clean-to-corrupted)")
                                + " scores: lower = more important";
                    }
                    default -> {
                        sign = 1;
                        reason = "no direction recorded: higher = more important";
                    }
                }
            }
        }
        Map<ComponentKind, double[]> averaged = new EnumMap<>(ComponentKind.class);
        tables.forEach((k, t) -> averaged.put(k, t.averaged()));
        return new Importance(this, averaged, sign, reason);
    }

    /** Prompt-averaged scores turned into importance (see {@link ScoreFile}). */
    public record Importance(ScoreFile file, Map<ComponentKind, double[]> averaged, double sign, String reason) {
        /** The prompt-averaged raw score. */
        public double score(Component c) {
            double[] t = averaged.get(c.kind());
            if (t == null) {
                throw new CircuitLensException(file.path() + ": has no '" + c.kind().tensor() + "' scores (needed for " + c.label() + ")");
            }
            return t[c.layer() * file.table(c.kind()).width() + c.index()];
        }

        /** sign·score: larger means more important. */
        public double signed(Component c) {
            return sign * score(c);
        }

        public double abs(Component c) {
            return Math.abs(score(c));
        }
    }

    private static ComponentScores table(SafetensorsFile f, ComponentKind k) {
        TensorInfo info = f.info(k.tensor());
        long[] s = info.shape();
        if (s.length != 3 && s.length != 2) {
            throw new CircuitLensException(f.path() + ": '" + k.tensor() + "' has shape " + Arrays.toString(s)
                    + ", expected [prompts, layers, " + (k == ComponentKind.HEADS ? "heads" : "neurons") + "]");
        }
        float[] data = f.readFloats(k.tensor());
        checkFinite(f.path(), k.tensor(), data);
        if (s.length == 2) return new ComponentScores(k, 1, (int) s[0], (int) s[1], data); // already averaged
        if (s[0] == 0) throw new CircuitLensException(f.path() + ": '" + k.tensor() + "' holds no prompts");
        return new ComponentScores(k, (int) s[0], (int) s[1], (int) s[2], data);
    }

    private static float[] vector(SafetensorsFile f, String name) {
        TensorInfo info = f.info(name);
        if (info.rank() != 1) {
            throw new CircuitLensException(f.path() + ": '" + name + "' has shape " + Arrays.toString(info.shape()) + ", expected [prompts]");
        }
        float[] v = f.readFloats(name);
        checkFinite(f.path(), name, v);
        return v;
    }

    /** NaN or infinite scores would make every statistic NaN far from the cause; name it here instead. */
    private static void checkFinite(Path file, String name, float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new CircuitLensException(file + ": '" + name + "' has a non-finite value (" + v[i] + ") at flat index " + i);
            }
        }
    }

    /** Mean over prompts of a metric vector (double accumulation). */
    public static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }
}
