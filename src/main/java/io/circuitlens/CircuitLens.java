package io.circuitlens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.ablation.Ablation;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.Ablator;
import io.circuitlens.ablation.CircuitExport;
import io.circuitlens.ablation.ComponentMeans;
import io.circuitlens.ablation.MeanOver;
import io.circuitlens.circuit.ComponentTensors;
import io.circuitlens.circuit.Components;
import io.circuitlens.circuit.ResultFile;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Run;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.attribution.Method;
import io.circuitlens.attribution.Quadrature;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.circuit.RunRecord;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tasks.Tasks;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * circuitlens as a library: a GPT-2 checkpoint opened on a backend, tasks to run on it, and the studies — attribution
 * (AP, AtP, IG, Split IG), ablations, curves, pruning, faithfulness, circuit export — each returning typed results that
 * write the same files the CLI writes. The CLI is this class plus argument parsing and printing.
 *
 * <pre>{@code
 * try (var lens = CircuitLens.open("gpt2")) {
 *     var r = lens.attribute(lens.task("ioi").limit(16), Method.IG, Granularity.HEADS);
 *     r.heads();           // [16 prompts, 12 layers, 12 heads]
 *     r.write(Path.of("ioi-ig.safetensors"));
 * }
 * }</pre>
 */
public final class CircuitLens implements AutoCloseable {
    private final Backend backend;
    private final io.circuitlens.kernels.backends.Backend opened;
    private final Kernels kernels;
    private final LoadedModel model;

    private CircuitLens(Backend backend, io.circuitlens.kernels.backends.Backend opened, LoadedModel model) {
        this.backend = backend;
        this.opened = opened;
        this.kernels = opened.kernels();
        this.model = model;
    }

    /** A model folder or a Hugging Face name in the local cache ({@code gpt2}, ...), on the default backend. */
    public static CircuitLens open(String model) {
        return open(model, Backend.defaults());
    }

    public static CircuitLens open(String model, Backend backend) {
        var opened = backend.open();
        try {
            return new CircuitLens(backend, opened, LoadedModel.open(model, opened.kernels()));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The opened model: its folder, tokenizer and weights on the backend. */
    public LoadedModel model() {
        return model;
    }

    public Gpt2Config config() {
        return model.config();
    }

    public Gpt2Tokenizer tokenizer() {
        return model.tokenizer();
    }

    public Kernels kernels() {
        return kernels;
    }

    /**
     * Which backend runs the model, its GEMM path and precision, and why it was chosen (e.g. "backend cpu: 16 threads,
     * ... (--device auto: no usable CUDA device: ...)"), as result records say; the CLI prints it once on stderr.
     */
    public String backend() {
        return opened.choice();
    }

    /** What one batched pass may use (the one asked for, else the backend's default, measured now on a GPU). */
    public MemoryBudget budget() {
        return backend.budget(opened);
    }

    /** A built-in task on its committed dataset ({@code ioi}, {@code gender-bias}, ...): see {@link Task}. */
    public Task task(String name) {
        return Task.builtin(name);
    }

    /** A generic pairs file ({@code clean,corrupted,correct,incorrect}). */
    public Task pairs(Path file) {
        return Task.pairs(file);
    }

    /** A task's pairs tokenised and checked for this model (limited and filtered as the task says). */
    public TaskPairs pairs(Task task) {
        task.check();
        TaskPairs p = task.name().equals(Tasks.PAIRS) ? Tasks.loadPairs(task.file(), model, task.limit(), task.bos())
                : Tasks.load(task.name(), task.file(), model, task.limit(), task.bos(), task.variant());
        if (task.filtered()) p = p.filterByMetric(model.model(), budget(), task.filterAbove());
        if (p.size() == 0) throw new CircuitLensException(task.describe() + ": no pairs left" + (task.filtered() ? " after the filter" : ""));
        return p;
    }

    /** What a study runs on: the pairs, the task's metric (or the one the task names), this model and budget. */
    public RunSetup setup(TaskPairs pairs, Task task) {
        Metric metric = pairs.metric(task.metric());
        return new RunSetup(model.model(), pairs.clean(), pairs.corrupted(), metric, budget());
    }

    // ---- attribution ----

    /** Scores components with a method's defaults (noising, 50 Gauss–Legendre steps for IG). */
    public AttributionResult attribute(Task task, Method method, Granularity... components) {
        return attribution(task, AttributionOptions.of(method, List.of(components))).run();
    }

    /** An attribution job with full options; set progress and a checkpoint on it, then {@link AttributionJob#run()}. */
    public AttributionJob attribution(Task task, AttributionOptions options) {
        return new AttributionJob(this, task, options);
    }

    // ---- ablations ----

    /**
     * Opens ablation studies of the components in {@code scope} (heads and neurons) on a task's pairs: it runs the
     * clean and corrupted prompts (and, for mean ablation, the means) once; close it when done.
     */
    public Ablations ablations(Task task, AblationSpec spec, Collection<Component> scope) {
        TaskPairs pairs = pairs(task);
        return Ablations.open(this, task, pairs, setup(pairs, task), spec, scope);
    }

    /**
     * Writes the circuit without {@code removed} as a model folder: their weights zeroed and their mean contributions
     * (over the {@code over} prompts of the task) folded into the output biases, so the folder computes what mean
     * ablation computes; checked by running both on the task's clean prompts. The study's file ({@code circuit.safetensors}
     * in the folder) holds both metrics and the removed set.
     */
    public Study<ExportedCircuit> exportCircuit(Task task, List<Component> removed, MeanOver over, Path folder) {
        long t0 = System.nanoTime();
        TaskPairs pairs = pairs(task);
        RunSetup setup = setup(pairs, task);
        Set<HookName> hooks = removed.stream().map(Component::hook).collect(Collectors.toSet());
        ComponentMeans means = ComponentMeans.compute(model.model(), over == MeanOver.CLEAN ? pairs.clean() : pairs.corrupted(), hooks, budget());
        AblationSpec mean = new AblationSpec(Ablation.MEAN, over, 1);
        RunRecord record = record("export-circuit", task, pairs, setup.metric()).put("ablation", mean.kind().label())
                .put("mean_over", over.label()).put("source", model.folder().toString())
                .put("removed", Components.labels(removed, Integer.MAX_VALUE)).put("mean_tokens", means.tokens());
        CircuitExport.write(model.folder(), config(), removed, means, folder, record.toJson());
        float[] full;
        float[] corrupted;
        float[] ablated;
        float[] exported;
        try (Ablator a = Ablator.open(setup, mean, removed)) {
            ablated = a.ablate(removed);
            full = a.metricClean();
            corrupted = a.metricCorrupted();
            // the exported folder, loaded like any model; a KL metric still compares with the original's clean run
            try (LoadedModel circuit = LoadedModel.open(folder.toString(), kernels);
                 PatchedRuns runs = a.engine().sameReferenceFor(circuit.model());
                 Run r = runs.run(pairs.clean(), HookFilter.none(), PatchPlan.empty(), false)) {
                exported = r.metric();
            }
        }
        double worst = 0;
        for (int p = 0; p < exported.length; p++) worst = Math.max(worst, Math.abs(exported[p] - ablated[p]) / Math.max(1, Math.abs(ablated[p])));
        record.put("check_max_relative_difference", worst).seconds((System.nanoTime() - t0) / 1e9);
        ResultFile file = new ResultFile(record).metrics(full, corrupted).put("metric_exported", ResultFile.vector(exported))
                .put("metric_mean_ablated", ResultFile.vector(ablated))
                .putAll(ComponentTensors.masks("removed", config(), removed, removed)).lengths(pairs.clean().lengths());
        return new Study<>(new ExportedCircuit(folder, List.copyOf(removed), means.tokens(), full, ablated, exported, worst), file,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The run record every result of this lens starts from: tool, date, command, metric, task, model, data, backend. */
    RunRecord record(String command, Task task, TaskPairs pairs, Metric metric) {
        return RunRecord.of(command).put("metric", metric.name()).put("task", pairs.task()).put("model", model.folder().toString())
                .put("model_config", config().toString()).put("data", task.describe()).put("data_sha256", task.sha256())
                .put("pairs", pairs.size()).put("bos", task.bos()).put("backend", backend());
    }

    /**
     * Everything an attribution's scores depend on (not threads or the memory budget: a row is computed the same way in
     * any pass), so a checkpoint is resumed only by the same job.
     */
    String fingerprint(Task task, TaskPairs pairs, Metric metric, AttributionOptions opt) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        Quadrature q = opt.quadrature();
        o.put("method", opt.method().label()).put("direction", opt.direction().label())
                .put("components", String.join(",", opt.granularities().stream().map(Granularity::output).toList()))
                .put("metric", metric.name()).put("steps", q.steps()).put("rule", q.rule()).put("split_ratio", opt.splitRatio())
                .put("split_rule", opt.splitRule().label()).put("reduce", opt.reduceMean() ? "mean" : "sum")
                .put("layers", java.util.Arrays.toString(opt.layers())).put("path_components", String.join(",", opt.pathComponents()))
                .put("path_curves", opt.pathCurves()).put("bos", task.bos()).put("pairs", pairs.size()).put("data", task.describe())
                .put("data_sha256", task.sha256()).put("model", model.folder().toAbsolutePath().toString())
                .put("model_config", config().toString());
        return o.toString();
    }

    @Override
    public void close() {
        model.close();
        opened.close();
    }
}
