package io.circuitlens.circuit;

import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A result as every command writes it: named tensors (F32 or I64, in order) and the {@link RunRecord} in the
 * safetensors metadata under {@code run}, written atomically, readable by torch and numpy
 * ({@code safetensors.numpy.load_file}) and by circuitlens' own readers ({@link ScoreFile}, compare, plot, report).
 */
public final class ResultFile {
    private final Map<String, Object> tensors = new LinkedHashMap<>();
    private final RunRecord record;

    public ResultFile(RunRecord record) {
        this.record = record;
    }

    public ResultFile put(String name, FloatTensor t) {
        tensors.put(name, t);
        return this;
    }

    public ResultFile put(String name, LongTensor t) {
        tensors.put(name, t);
        return this;
    }

    /** Adds F32 or I64 tensors, in the map's order. */
    public ResultFile putAll(Map<String, ?> more) {
        more.forEach((name, t) -> {
            switch (t) {
                case FloatTensor f -> put(name, f);
                case LongTensor l -> put(name, l);
                default -> throw new IllegalArgumentException(name + ": not a tensor");
            }
        });
        return this;
    }

    /** {@code metric_clean} and {@code metric_corrupted} [N] (either may be null). */
    public ResultFile metrics(float[] clean, float[] corrupted) {
        if (clean != null) put("metric_clean", vector(clean));
        if (corrupted != null) put("metric_corrupted", vector(corrupted));
        return this;
    }

    /** {@code lengths} I64 [N]: each pair's token count (BOS included), for per-position axes padded to the longest. */
    public ResultFile lengths(int[] lengths) {
        return put("lengths", new LongTensor(new int[] {lengths.length}, Arrays.stream(lengths).asLongStream().toArray()));
    }

    public RunRecord record() {
        return record;
    }

    /** The tensors by name, in order (F32 and I64). */
    public Map<String, Object> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** An F32 tensor by name, or null. */
    public FloatTensor floats(String name) {
        return tensors.get(name) instanceof FloatTensor f ? f : null;
    }

    /** Writes the file atomically (the target appears whole or not at all). */
    public void write(Path out) {
        SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of(RunRecord.METADATA_KEY, record.toJson()));
        tensors.forEach((name, t) -> {
            if (t instanceof FloatTensor f) w.add(name, f);
            else w.add(name, (LongTensor) t);
        });
        w.write(out);
    }

    public static FloatTensor vector(float[] v) {
        return new FloatTensor(new int[] {v.length}, v.clone());
    }

    public static FloatTensor vector(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return new FloatTensor(new int[] {v.length}, f);
    }

    public static FloatTensor scalar(double v) {
        return new FloatTensor(new int[0], new float[] {(float) v});
    }

    public static LongTensor longs(int[] v) {
        return new LongTensor(new int[] {v.length}, Arrays.stream(v).asLongStream().toArray());
    }

    /** [a][b] → F32 [b, a]: per-step values stored prompt-first, like attribution scores. */
    public static FloatTensor promptsFirst(float[][] byStep) {
        int steps = byStep.length;
        int n = steps == 0 ? 0 : byStep[0].length;
        float[] out = new float[n * steps];
        for (int s = 0; s < steps; s++) for (int p = 0; p < n; p++) out[p * steps + s] = byStep[s][p];
        return new FloatTensor(new int[] {n, steps}, out);
    }
}
