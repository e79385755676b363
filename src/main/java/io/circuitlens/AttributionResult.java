package io.circuitlens;

import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.circuit.CheckpointFile;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.circuit.ResultFile;
import io.circuitlens.circuit.RunRecord;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tensor.FloatTensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of an attribution run: one tensor per granularity ({@code heads} [N, n_layer, n_head], {@code neurons}
 * [N, n_layer, d_mlp], ...), the clean and corrupted metrics, IG's completeness gaps and path curves, the run record —
 * exactly what {@link #write} puts in the result file (see {@code attribution.Attribution} for every tensor).
 */
public final class AttributionResult {
    private final AttributionOptions options;
    private final ResultFile file;
    private final double seconds;
    private final CheckpointFile checkpoint;

    AttributionResult(AttributionOptions options, ResultFile file, double seconds, CheckpointFile checkpoint) {
        this.options = options;
        this.file = file;
        this.seconds = seconds;
        this.checkpoint = checkpoint;
    }

    public AttributionOptions options() {
        return options;
    }

    /** Every result tensor, by name, in file order. */
    public Map<String, FloatTensor> tensors() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        file.tensors().forEach((k, v) -> {
            if (v instanceof FloatTensor f) out.put(k, f);
        });
        return out;
    }

    /** One result tensor by name ({@code completeness_gap_heads}, {@code path_metric_neurons}, ...). */
    public FloatTensor tensor(String name) {
        FloatTensor t = file.floats(name);
        if (t == null) throw new CircuitLensException("the result has no '" + name + "' tensor (it has " + String.join(", ", file.tensors().keySet()) + ")");
        return t;
    }

    /** The scores of a granularity the run scored. */
    public FloatTensor scores(Granularity g) {
        return tensor(g.output());
    }

    /** Head scores [N, n_layer, n_head] as a table (labels 9.6, averages, ...). */
    public ComponentScores heads() {
        return table(ComponentKind.HEADS);
    }

    /** Neuron scores [N, n_layer, d_mlp] as a table. */
    public ComponentScores neurons() {
        return table(ComponentKind.NEURONS);
    }

    private ComponentScores table(ComponentKind kind) {
        FloatTensor t = tensor(kind.tensor());
        return new ComponentScores(kind, t.dim(0), t.dim(1), t.dim(2), t.data().clone());
    }

    public float[] metricClean() {
        return tensor("metric_clean").data().clone();
    }

    public float[] metricCorrupted() {
        return tensor("metric_corrupted").data().clone();
    }

    public RunRecord record() {
        return file.record();
    }

    public double seconds() {
        return seconds;
    }

    /** Writes the result file atomically; a checkpoint kept next to this output is then removed. */
    public void write(Path out) {
        file.write(out);
        if (checkpoint != null && checkpoint.path().equals(CheckpointFile.pathFor(out))) checkpoint.delete();
    }
}
