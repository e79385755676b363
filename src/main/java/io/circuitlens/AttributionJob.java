package io.circuitlens;

import io.circuitlens.attribution.Attribution;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.attribution.Method;
import io.circuitlens.circuit.Checkpoint;
import io.circuitlens.circuit.CheckpointFile;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.circuit.ResultFile;
import io.circuitlens.circuit.RunRecord;
import io.circuitlens.metrics.Metric;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tensor.FloatTensor;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * One attribution run with everything around it: where progress goes and whether it resumes. A resumable job keeps
 * a checkpoint next to its output ({@code OUT.partial}): every finished unit (a block of components of a layer for AP,
 * a layer for IG) is saved with the results so far, and a rerun of the same job (same options, task, model — see the
 * fingerprint) continues from it; writing the result removes it.
 */
public final class AttributionJob {
    private final CircuitLens lens;
    private final Task task;
    private final AttributionOptions options;
    private Progress progress = Progress.NONE;
    private Path checkpointFor;
    private boolean resume = true;
    private PrintWriter notes = new PrintWriter(Writer.nullWriter());

    AttributionJob(CircuitLens lens, Task task, AttributionOptions options) {
        this.lens = lens;
        this.task = task;
        this.options = options;
    }

    public AttributionJob progress(Progress p) {
        this.progress = p;
        return this;
    }

    /**
     * Checkpoints next to {@code out} ({@code out.partial}); with {@code resume}, an earlier run of the same job is
     * continued; what it does (resuming, starting afresh) is said on {@code notes}.
     */
    public AttributionJob checkpointNextTo(Path out, boolean resume, PrintWriter notes) {
        this.checkpointFor = out;
        this.resume = resume;
        this.notes = notes;
        return this;
    }

    /** Where the checkpoint is, or null when the job keeps none. */
    public Path checkpoint() {
        return checkpointFor == null ? null : CheckpointFile.pathFor(checkpointFor);
    }

    public AttributionResult run() {
        TaskPairs pairs = lens.pairs(task);
        RunSetup setup = lens.setup(pairs, task);
        Metric metric = setup.metric();
        CheckpointFile file = checkpointFor == null ? null
                : new CheckpointFile(checkpointFor, lens.fingerprint(task, pairs, metric, options), resume, notes);
        long t0 = System.nanoTime();
        Map<String, FloatTensor> tensors = Attribution.run(setup, options, progress, file == null ? Checkpoint.NONE : file);
        double seconds = (System.nanoTime() - t0) / 1e9;
        RunRecord record = lens.record("attribute", task, pairs, metric).put("method", options.method().label())
                .put("direction", options.direction().label())
                .put("components", String.join(",", options.granularities().stream().map(Granularity::output).toList()));
        if (options.method() == Method.IG || options.method() == Method.SPLIT_IG) {
            record.put("steps", options.quadrature().steps()).put("rule", options.quadrature().rule());
        }
        if (options.method() == Method.SPLIT_IG) {
            record.put("split_ratio", options.splitRatio()).put("split_rule", options.splitRule().label());
        }
        record.put("reduce", options.reduceMean() ? "mean" : "sum");
        if (options.layers() != null) record.put("layers", Arrays.toString(options.layers()));
        record.seconds(seconds);
        ResultFile result = new ResultFile(record).putAll(tensors).lengths(pairs.clean().lengths());
        return new AttributionResult(options, result, seconds, file);
    }
}
