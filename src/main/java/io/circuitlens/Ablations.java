package io.circuitlens;

import io.circuitlens.ablation.Ablation;
import io.circuitlens.ablation.AblationCurve;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.Ablator;
import io.circuitlens.ablation.CumulativeAblation;
import io.circuitlens.ablation.Faithfulness;
import io.circuitlens.ablation.GreedyPruning;
import io.circuitlens.ablation.Ranking;
import io.circuitlens.ablation.SingleAblations;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.ComponentTensors;
import io.circuitlens.circuit.Components;
import io.circuitlens.circuit.ResultFile;
import io.circuitlens.circuit.RunRecord;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tensor.FloatTensor;

import java.util.Collection;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Ablation studies on one task's clean prompts, with one ablation (zero, mean, resample or amplify): a set ablated
 * together, each component alone (the ablation table), the cumulative curve in a score file's order, greedy pruning
 * and faithfulness. Every study returns its typed result and the result file it writes (with the clean and corrupted
 * metrics, the pair lengths and the run record). Opened by {@link CircuitLens#ablations}; close it when done.
 */
public final class Ablations implements AutoCloseable {
    private final CircuitLens lens;
    private final Task task;
    private final TaskPairs pairs;
    private final Ablator ablator;

    private Ablations(CircuitLens lens, Task task, TaskPairs pairs, Ablator ablator) {
        this.lens = lens;
        this.task = task;
        this.pairs = pairs;
        this.ablator = ablator;
    }

    static Ablations open(CircuitLens lens, Task task, TaskPairs pairs, RunSetup setup, AblationSpec spec, Collection<Component> scope) {
        return new Ablations(lens, task, pairs, Ablator.open(setup, spec, scope));
    }

    /** The ablator the studies run on (for studies of your own). */
    public Ablator ablator() {
        return ablator;
    }

    public TaskPairs pairs() {
        return pairs;
    }

    public AblationSpec spec() {
        return ablator.spec();
    }

    public float[] metricClean() {
        return ablator.metricClean();
    }

    public float[] metricCorrupted() {
        return ablator.metricCorrupted();
    }

    /** {@code metric_ablated} [N]: the metric with these components ablated together. */
    public Study<float[]> ablate(List<Component> comps, Progress progress) {
        long t0 = System.nanoTime();
        float[] ablated = ablator.evaluate(List.of(comps), progress)[0];
        ResultFile f = file("ablate", t0).put("metric_ablated", ResultFile.vector(ablated));
        f.record().put("ablated", Components.labels(comps, Integer.MAX_VALUE));
        return new Study<>(ablated, f, seconds(t0));
    }

    /**
     * Each component alone: [component][prompt] metric changes m(ablated) − m(full), written laid out like attribution
     * scores ({@code heads} / {@code neurons} [N, n_layer, width]; method "ablation", read like noising scores).
     */
    public Study<float[][]> table(List<Component> comps, Progress progress) {
        long t0 = System.nanoTime();
        float[][] deltas = SingleAblations.run(ablator, comps, progress);
        ResultFile f = file("ablation-table", t0).putAll(SingleAblations.tensors(lens.config(), comps, deltas, pairs.size()));
        f.record().put("method", RunRecord.ABLATION);
        return new Study<>(deltas, f, seconds(t0));
    }

    /**
     * The cumulative ablation curve: {@code comps} ranked by a score file's importance (signed or absolute, most or
     * least important first; at most {@code maxSteps} of them, 0 for all), ablated one after another; the metric
     * after every {@code stride} steps.
     */
    public Study<AblationCurve> curve(List<Component> comps, ScoreFile.Importance scores, Ranking.Rank rank, Ranking.Order order,
                                      int stride, int maxSteps, Progress progress) {
        ToDoubleFunction<Component> importance = rank.of(scores);
        for (Component c : comps) importance.applyAsDouble(c); // a missing score fails before the long run
        List<Component> ordered = Ranking.order(comps, importance, order);
        if (maxSteps > 0 && maxSteps < ordered.size()) ordered = ordered.subList(0, maxSteps);
        long t0 = System.nanoTime();
        AblationCurve curve = CumulativeAblation.run(ablator, ordered, stride, progress);
        ResultFile f = curveFile("curve", t0, curve).putAll(ComponentTensors.ordered("order", ordered))
                .put("order_importance", ResultFile.vector(ordered.stream().mapToDouble(importance).toArray()));
        f.record().put("scores", scores.file().path().toString()).put("order", order.label()).put("rank", rank.label())
                .put("sign", scores.sign()).put("sign_reason", scores.reason()).put("stride", stride).put("max_steps", maxSteps);
        return new Study<>(curve, f, seconds(t0));
    }

    /**
     * Greedy pruning of {@code candidates}: each round removes the one whose ablation keeps the mean metric highest,
     * stopping before faithfulness would fall below {@code stopBelow} (NaN: never), after {@code maxSteps} removals (0:
     * no limit) or when none is left.
     */
    public Study<GreedyPruning.Result> prune(List<Component> candidates, double stopBelow, int maxSteps, Progress progress) {
        long t0 = System.nanoTime();
        GreedyPruning.Result r = GreedyPruning.run(ablator, candidates, stopBelow, maxSteps, progress);
        ResultFile f = curveFile("prune", t0, r.curve()).putAll(ComponentTensors.ordered("order", r.removed()))
                .put("candidate_mean", candidateMeans(r.candidateMeans(), candidates.size()))
                .putAll(ComponentTensors.masks("removed", lens.config(), r.removed(), candidates))
                .put("metric_empty", ResultFile.vector(r.metricEmpty()));
        RunRecord rec = f.record();
        if (Double.isNaN(stopBelow)) rec.put("stop_below", "none");
        else rec.put("stop_below", stopBelow);
        rec.put("max_steps", maxSteps).put("stop", r.stop()).put("removed", Components.labels(r.removed(), Integer.MAX_VALUE))
                .put("kept", Components.labels(r.kept(), Integer.MAX_VALUE));
        return new Study<>(r, f, seconds(t0));
    }

    /** Faithfulness of the circuits of the top k% of {@code comps} by a score file's signed and absolute importance. */
    public Study<Faithfulness.Result> faithfulness(List<Component> comps, ScoreFile.Importance scores, double[] kPercent, Progress progress) {
        for (Component c : comps) scores.score(c); // a missing score fails before the long run
        long t0 = System.nanoTime();
        Faithfulness.Result r = Faithfulness.run(ablator, comps, scores::signed, scores::abs, kPercent, progress);
        int n = pairs.size();
        ResultFile f = file("faithfulness", t0).put("k_percent", ResultFile.vector(r.kPercent())).put("kept", ResultFile.longs(r.kept()))
                .put("f_signed", ResultFile.vector(r.fSigned())).put("f_abs", ResultFile.vector(r.fAbs()))
                .put("metric_signed", ResultFile.promptsFirst(r.metricSigned())).put("metric_abs", ResultFile.promptsFirst(r.metricAbs()))
                .put("metric_full", new FloatTensor(new int[] {n}, r.metricFull())).put("metric_empty", new FloatTensor(new int[] {n}, r.metricEmpty()))
                .put("cpr", ResultFile.scalar(r.cpr())).put("cmd", ResultFile.scalar(r.cmd())).put("cpr_abs", ResultFile.scalar(r.cprAbs()))
                .put("cmd_signed", ResultFile.scalar(r.cmdSigned()))
                .putAll(ComponentTensors.ordered("rank_signed", r.orderSigned())).putAll(ComponentTensors.ordered("rank_abs", r.orderAbs()));
        f.record().put("scores", scores.file().path().toString()).put("sign", scores.sign()).put("sign_reason", scores.reason())
                .put("k", java.util.Arrays.toString(r.kPercent())).put("cpr", r.cpr()).put("cmd", r.cmd());
        return new Study<>(r, f, seconds(t0));
    }

    private ResultFile curveFile(String command, long t0, AblationCurve curve) {
        return file(command, t0).put("curve", ResultFile.promptsFirst(curve.metric())).put("curve_mean", ResultFile.vector(curve.means()))
                .put("curve_std", ResultFile.vector(curve.stds())).put("steps", ResultFile.longs(curve.steps()));
    }

    /** The result file of a study: its record (with the ablation's settings and the time taken), metrics, lengths. */
    private ResultFile file(String command, long t0) {
        AblationSpec spec = ablator.spec();
        RunRecord record = lens.record(command, task, pairs, ablator.setup().metric()).put("ablation", spec.kind().label());
        if (spec.kind() == Ablation.MEAN) record.put("mean_over", spec.meanOver().label());
        if (spec.kind() == Ablation.AMPLIFY) record.put("factor", spec.factor());
        record.seconds(seconds(t0));
        return new ResultFile(record).metrics(metricClean(), metricCorrupted()).lengths(pairs.clean().lengths());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static FloatTensor candidateMeans(double[][] rounds, int candidates) {
        float[] out = new float[rounds.length * candidates];
        for (int i = 0; i < rounds.length; i++) for (int c = 0; c < candidates; c++) out[i * candidates + c] = (float) rounds[i][c];
        return new FloatTensor(new int[] {rounds.length, candidates}, out);
    }

    @Override
    public void close() {
        ablator.close();
    }
}
