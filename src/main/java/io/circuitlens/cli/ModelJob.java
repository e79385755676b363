package io.circuitlens.cli;

import io.circuitlens.Ablations;
import io.circuitlens.CircuitLens;
import io.circuitlens.Task;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Components;

import java.util.List;

/**
 * What the task commands do before their study: every option mistake that needs no model fails first (the task, the
 * backend, the output path), then the model opens. The command then calls the library and prints.
 */
record ModelJob(CircuitLens lens, Task task) implements AutoCloseable {
    static ModelJob open(CommonOptions common, DataOptions data, Runnable outputCheck, java.io.PrintWriter err) {
        Task task = data.task();
        var backend = common.backend();
        outputCheck.run();
        return new ModelJob(common.open(backend, err), task);
    }

    /** Components from a list or file of them, for this model. */
    List<Component> components(String spec) {
        return Components.parse(spec, lens.config());
    }

    /** Ablation studies of {@code scope} on the task. */
    Ablations ablations(AblationSpec spec, List<Component> scope) {
        return lens.ablations(task, spec, scope);
    }

    @Override
    public void close() {
        lens.close();
    }
}
