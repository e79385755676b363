package io.circuitlens.compare;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.io.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The parts of an attribution or ablation results file that compare and latent use, read eagerly and checked: the
 * {@code heads}/{@code neurons} tables [N, n_layer, width] present, the metrics [N] if present, the run record.
 * Everything wrong is a one-line {@link CircuitLensException} naming the file and tensor.
 */
public record ScoreFile(Path path, RunInfo run, Map<ComponentKind, ComponentScores> tables, float[] metricClean,
                        float[] metricCorrupted) {

    public static ScoreFile read(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            RunInfo run = RunInfo.of(path, f.metadata());
            Map<ComponentKind, ComponentScores> tables = new EnumMap<>(ComponentKind.class);
            for (ComponentKind k : ComponentKind.values()) {
                if (f.contains(k.tensor())) tables.put(k, table(f, k));
            }
            float[] clean = f.contains("metric_clean") ? vector(f, "metric_clean") : null;
            float[] corrupted = f.contains("metric_corrupted") ? vector(f, "metric_corrupted") : null;
            for (ComponentScores t : tables.values()) {
                for (float[] m : new float[][] {clean, corrupted}) {
                    if (m != null && m.length != t.prompts()) {
                        throw new CircuitLensException(path + ": '" + t.kind().tensor() + "' has " + t.prompts()
                                + " prompts but the metrics have " + m.length);
                    }
                }
            }
            return new ScoreFile(path, run, tables, clean, corrupted);
        }
    }

    /** The table of this kind; an error naming the file and what it does have when it is missing. */
    public ComponentScores table(ComponentKind kind) {
        ComponentScores t = tables.get(kind);
        if (t == null) {
            throw new CircuitLensException(path + ": no '" + kind.tensor() + "' scores (it has "
                    + (tables.isEmpty() ? "neither heads nor neurons" : "only " + tables.keySet().iterator().next().tensor())
                    + "; run attribute with --components " + kind.tensor() + ")");
        }
        return t;
    }

    public boolean has(ComponentKind kind) {
        return tables.containsKey(kind);
    }

    public String name() {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    private static ComponentScores table(SafetensorsFile f, ComponentKind k) {
        TensorInfo info = f.info(k.tensor());
        long[] s = info.shape();
        if (s.length != 3) {
            throw new CircuitLensException(f.path() + ": '" + k.tensor() + "' has shape " + Arrays.toString(s)
                    + ", expected [prompts, layers, " + (k == ComponentKind.HEADS ? "heads" : "neurons") + "]");
        }
        float[] data = f.readFloats(k.tensor());
        checkFinite(f.path(), k.tensor(), data);
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
