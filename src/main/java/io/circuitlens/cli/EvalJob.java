package io.circuitlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.ablation.Ablation;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * What every ablation command does around its study: open the backend, model, task and metric; build the setup;
 * write the result (with {@code metric_clean}, {@code metric_corrupted}, {@code lengths} and the {@code run} record)
 * atomically.
 */
final class EvalJob implements AutoCloseable {
    final Kernels kernels;
    final LoadedModel lm;
    final TaskPairs task;
    final Metric metric;
    private final CommonOptions common;
    private final DataOptions data;
    private final long t0 = System.nanoTime();

    private EvalJob(Kernels kernels, LoadedModel lm, TaskPairs task, Metric metric, CommonOptions common, DataOptions data) {
        this.kernels = kernels;
        this.lm = lm;
        this.task = task;
        this.metric = metric;
        this.common = common;
        this.data = data;
    }

    /**
     * Checks the data options, then runs {@code outputCheck} (the output path: it may create a folder, so it comes after
     * every option check), and only then opens the backend, model and task: a mistake costs no loading.
     */
    static EvalJob open(CommonOptions common, DataOptions data, Runnable outputCheck) {
        data.check();
        common.budget(); // a bad --memory fails before anything loads
        outputCheck.run();
        Kernels kernels = common.kernels();
        LoadedModel lm = null;
        try {
            lm = LoadedModel.open(common.model, kernels);
            TaskPairs task = data.load(lm, common.budget());
            return new EvalJob(kernels, lm, task, task.metric(data.metric), common, data);
        } catch (RuntimeException e) {
            if (lm != null) lm.close();
            kernels.close();
            throw e;
        }
    }

    Gpt2Config cfg() {
        return lm.config();
    }

    RunSetup setup() {
        return new RunSetup(lm.model(), task.clean(), task.corrupted(), metric, common.budget());
    }

    /** The run record every result carries; commands add their own fields. */
    ObjectNode record(String command, AblationSpec spec, String components) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("tool", io.circuitlens.common.Version.tool());
        o.put("date", Instant.now().toString());
        o.put("command", command);
        if (spec != null) {
            o.put("ablation", spec.kind().label());
            if (spec.kind() == Ablation.MEAN) o.put("mean_over", spec.meanOver().label());
            if (spec.kind() == Ablation.AMPLIFY) o.put("factor", spec.factor());
        }
        if (components != null) o.put("components", components);
        o.put("metric", metric.name());
        o.put("task", task.task());
        o.put("model", lm.folder().toString());
        o.put("model_config", lm.config().toString());
        o.put("data", data.describe());
        o.put("data_sha256", data.sha256());
        o.put("pairs", task.size());
        o.put("bos", !data.noBos);
        o.put("backend", common.describeBackend());
        return o;
    }

    double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Writes the result atomically: the given tensors, then the metrics of the two runs and the prompt lengths. */
    void write(Path out, Map<String, ?> tensors, float[] metricClean, float[] metricCorrupted, ObjectNode record) {
        record.put("seconds", Math.round(seconds() * 1000) / 1000.0);
        SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of("run", record.toString()));
        tensors.forEach((name, t) -> add(w, name, t));
        int n = task.size();
        if (metricClean != null) w.add("metric_clean", new FloatTensor(new int[] {n}, metricClean));
        if (metricCorrupted != null) w.add("metric_corrupted", new FloatTensor(new int[] {n}, metricCorrupted));
        w.add("lengths", new LongTensor(new int[] {n}, Arrays.stream(task.clean().lengths()).asLongStream().toArray()));
        w.write(out);
    }

    private static void add(SafetensorsWriter w, String name, Object t) {
        switch (t) {
            case FloatTensor f -> w.add(name, f);
            case LongTensor l -> w.add(name, l);
            default -> throw new IllegalArgumentException(name + ": not a tensor");
        }
    }

    /** [a][b] → F32 [b, a]: results are stored prompt-first, like attribute's. */
    static FloatTensor promptsFirst(float[][] byStep) {
        int steps = byStep.length;
        int n = steps == 0 ? 0 : byStep[0].length;
        float[] out = new float[n * steps];
        for (int s = 0; s < steps; s++) for (int p = 0; p < n; p++) out[p * steps + s] = byStep[s][p];
        return new FloatTensor(new int[] {n, steps}, out);
    }

    static FloatTensor vector(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return new FloatTensor(new int[] {v.length}, f);
    }

    static FloatTensor scalar(double v) {
        return new FloatTensor(new int[0], new float[] {(float) v});
    }

    static LongTensor longs(int[] v) {
        return new LongTensor(new int[] {v.length}, Arrays.stream(v).asLongStream().toArray());
    }

    @Override
    public void close() {
        lm.close();
        kernels.close();
    }
}
