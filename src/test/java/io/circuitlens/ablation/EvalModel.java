package io.circuitlens.ablation;

import io.circuitlens.circuit.Components;

import io.circuitlens.circuit.Component;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.metrics.Metric;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Run;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.tasks.Tasks;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tensor.DType;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/** A tiny model (2 layers × 4 heads, d_model 32, d_mlp 24) opened with the attribution fixture's first pairs. */
record EvalModel(Kernels kernels, LoadedModel lm, TaskPairs task, Metric metric) implements AutoCloseable {
    static final Path PAIRS = Path.of("src/test/resources/fixtures/attribution/pairs.csv");
    static final TinyModelSpec SPEC = new TinyModelSpec(2, 4, 32, 24, 64, "byte", 11, DType.F32, false);

    static EvalModel create(Path dir) {
        TinyModels.write(SPEC, dir, null);
        return open(dir, PAIRS, 4, true);
    }

    static EvalModel open(Path dir, Path pairs, int limit, boolean bos) {
        Kernels kernels = new CpuKernels(new Parallel(2));
        LoadedModel lm = LoadedModel.open(dir.toString(), kernels);
        TaskPairs task = Tasks.loadPairs(pairs, lm, limit, bos);
        return new EvalModel(kernels, lm, task, task.metric(null));
    }

    /** Bytes per pass that hold every row of these tests in one pass. */
    static final long LARGE = 1L << 30;

    /** The pairs on this model with {@code budget} bytes per pass (1: one row per pass). */
    RunSetup setup(long budget) {
        return new RunSetup(lm.model(), task.clean(), task.corrupted(), metric, MemoryBudget.of(budget));
    }

    Ablator ablator(AblationSpec spec, long budget, Collection<Component> scope) {
        return Ablator.open(setup(budget), spec, scope);
    }

    Ablator ablator(Ablation kind) {
        return ablator(AblationSpec.of(kind), LARGE, everything());
    }

    /** The metric per clean prompt of the unablated model, computed by the engine from scratch. */
    float[] cleanMetric(io.circuitlens.model.Gpt2Model model) {
        try (PatchedRuns runs = new PatchedRuns(model, metric, MemoryBudget.of(LARGE));
             Run r = runs.run(task.clean(), HookFilter.none(), PatchPlan.empty(), true)) {
            return r.metric();
        }
    }

    List<Component> heads() {
        return Components.allHeads(lm.config());
    }

    List<Component> everything() {
        return Components.parse("heads,neurons", lm.config());
    }

    Component c(String label) {
        return io.circuitlens.circuit.Component.parse(label, lm.config());
    }

    @Override
    public void close() {
        lm.close();
        kernels.close();
    }
}
