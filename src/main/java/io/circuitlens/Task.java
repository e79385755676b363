package io.circuitlens;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.FileHashes;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.tasks.Tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which prompt pairs a study runs on, as a value: a built-in task ({@code ioi}, ... with its committed dataset or a
 * file in its layout) or a generic pairs file, and how to read it — the first {@code limit} pairs, with or without BOS,
 * a variant, the metric (null: the task's own), and the clean-run filter. {@link CircuitLens#pairs(Task)} turns it
 * into tokens for a model. Immutable: each {@code with...} returns a new task.
 */
public record Task(String name, Path file, String variant, int limit, boolean bos, String metric, double filterAbove) {
    public Task {
        if (limit < 0) throw new CircuitLensException("the pair limit must not be negative, got " + limit);
        if (metric != null) Metrics.checkName(metric);
        if (name.equals(Tasks.PAIRS)) {
            if (file == null) throw new CircuitLensException("a pairs task needs its file");
            if (variant != null) throw new CircuitLensException("a variant needs a built-in task");
        } else {
            Tasks.checkName(name);
            variant = Tasks.checkVariant(name, variant);
        }
    }

    /** A built-in task on its committed dataset ({@code datasets/<name>.csv}). */
    public static Task builtin(String name) {
        return new Task(name, null, null, 0, true, null, Double.NaN);
    }

    /** A built-in task's layout read from another file (ours or EAP-IG's). */
    public static Task builtin(String name, Path file) {
        return new Task(name, file, null, 0, true, null, Double.NaN);
    }

    /** A generic pairs file: {@code clean,corrupted,correct,incorrect}, answers as text, each one token. */
    public static Task pairs(Path file) {
        return new Task(Tasks.PAIRS, file, null, 0, true, null, Double.NaN);
    }

    /** The first n pairs (0: all). */
    public Task limit(int n) {
        return new Task(name, file, variant, n, bos, metric, filterAbove);
    }

    public Task withoutBos() {
        return new Task(name, file, variant, limit, false, metric, filterAbove);
    }

    public Task variant(String v) {
        return new Task(name, file, v, limit, bos, metric, filterAbove);
    }

    /** Scored by this metric ({@code logit-diff}, {@code prob-diff}, {@code kl}, ...) instead of the task's own. */
    public Task metric(String m) {
        return new Task(name, file, variant, limit, bos, m, filterAbove);
    }

    /** Only the pairs whose clean-run prob-diff is at least {@code threshold} (EAP-IG keeps hypernymy's ≥ 0.1). */
    public Task filteredAbove(double threshold) {
        return new Task(name, file, variant, limit, bos, metric, threshold);
    }

    public boolean filtered() {
        return !Double.isNaN(filterAbove);
    }

    /** The CSV file the pairs come from (the built-in dataset unless another file was given). */
    public Path csv() {
        return file != null ? file : Tasks.builtinCsv(name);
    }

    /** Fails, naming the file, when it does not exist: before any model is loaded. */
    public Task check() {
        if (!Files.isRegularFile(csv())) throw new CircuitLensException(csv() + ": file not found");
        return this;
    }

    /** "ioi/hard (datasets/ioi.csv) filtered", "pairs.csv": how records name the data. */
    public String describe() {
        String f = csv().toString();
        if (name.equals(Tasks.PAIRS)) return f;
        return name + (variant == null ? "" : "/" + variant) + " (" + f + ")" + (filtered() ? " filtered" : "");
    }

    /** SHA-256 of the data file: in result records and resumable-run fingerprints. */
    public String sha256() {
        try {
            return FileHashes.sha256(csv());
        } catch (IOException e) {
            throw new CircuitLensException(csv() + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
