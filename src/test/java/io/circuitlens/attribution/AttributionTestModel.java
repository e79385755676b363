package io.circuitlens.attribution;

import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tasks.Tasks;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.metrics.Metric;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;

import java.nio.file.Path;

/** A tiny model with odd sizes (3 layers, 6 heads, d_model 48) and three pairs of the attribution fixture. */
record AttributionTestModel(Kernels kernels, LoadedModel lm, TaskPairs pairs, Metric metric) implements AutoCloseable {

    static AttributionTestModel create(Path dir) {
        Kernels kernels = new CpuKernels(new Parallel(2));
        TinyModels.write(new TinyModelSpec(3, 6, 48, 100, 64, "byte", 7, DType.F32, false), dir, null);
        LoadedModel lm = LoadedModel.open(dir.toString(), kernels);
        TaskPairs pairs = Tasks.loadPairs(Path.of("src/test/resources/fixtures/attribution/pairs.csv"), lm, 3, true);
        return new AttributionTestModel(kernels, lm, pairs, pairs.metric("logit-diff"));
    }

    /** The pairs on this model; {@code budget} bytes per pass (1 byte: one row per pass). */
    RunSetup setup(long budget) {
        return new RunSetup(lm.model(), pairs.clean(), pairs.corrupted(), metric, MemoryBudget.of(budget));
    }

    @Override
    public void close() {
        lm.close();
        kernels.close();
    }
}
