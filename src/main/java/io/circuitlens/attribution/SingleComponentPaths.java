package io.circuitlens.attribution;

import io.circuitlens.circuit.Component;

import io.circuitlens.kernels.RowMap;
import io.circuitlens.model.HookName;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;
import io.circuitlens.model.StartPoint;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RowGroup;
import io.circuitlens.tensor.FloatTensor;

import java.util.List;

/**
 * The metric along the IG path when only one component moves (how a single head's or neuron's effect saturates):
 * [N, steps] at the quadrature's nodes. Forward passes only, one grid of steps × prompts rows like the IG path.
 */
final class SingleComponentPaths {
    private SingleComponentPaths() {}

    static long rowCount(Quadrature q, int prompts) {
        return (long) q.steps() * prompts;
    }

    static FloatTensor run(PatchedRuns engine, BaseRuns runs, Component c, Quadrature q, Progress progress) {
        int n = runs.base().prompts();
        double[] alphas = q.alphas();
        int steps = alphas.length;
        float[] pathAlphas = new float[steps];
        for (int k = 0; k < steps; k++) pathAlphas[k] = (float) alphas[k];
        HookName hook = c.hook();
        PatchPlan plan = PatchPlan.builder().alongPath(hook, Selection.of(c.index()), runs.base(), runs.source(), pathAlphas).build();
        RowGroup group = new RowGroup(StartPoint.stageFor(hook, runs.base()), RowMap.grid(n, 0, steps * n), runs.unchangedBefore(hook));
        float[] values = engine.run(null, runs.base(), List.of(group), (g, from, map) -> plan, null, progress)[0];
        FloatTensor out = FloatTensor.zeros(n, steps);
        for (int r = 0; r < values.length; r++) out.data()[(r % n) * steps + r / n] = values[r];
        return out;
    }
}
