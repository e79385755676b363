package io.circuitlens;

import io.circuitlens.circuit.Component;

import java.nio.file.Path;
import java.util.List;

/**
 * A circuit written as a model folder (see {@code ablation.CircuitExport}) and the check that it computes what mean
 * ablation of the removed components does: the metric per clean prompt of the exported model and of the mean-ablated
 * original, and their largest difference relative to max(1, |ablated|).
 */
public record ExportedCircuit(Path folder, List<Component> removed, long meanTokens, float[] metricFull, float[] metricAblated,
                              float[] metricExported, double maxRelativeDifference) {
    /** What the check tolerates: float32 arithmetic in a different order (biases folded in double, then rounded). */
    public static final double TOLERANCE = 1e-3;

    public boolean agrees() {
        return maxRelativeDifference <= TOLERANCE;
    }
}
