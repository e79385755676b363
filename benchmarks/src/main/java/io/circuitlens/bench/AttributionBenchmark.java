package io.circuitlens.bench;

import io.circuitlens.attribution.Attribution;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.attribution.Method;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.metrics.LogitDiff;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Attribution on a GPT-2-small-shaped random model, 8 IOI-shaped pairs of 16 tokens (corrupted = clean with one
 * token changed), logit-diff metric, CPU, one shot per case (each takes seconds to minutes):
 * ap-heads (all 144 heads), ap-neurons-L11 (the 3072 neurons of the last layer; other layers cost more, see
 * RESULTS.md), atp (heads and neurons), ig-heads and ig-neurons (50 Gauss–Legendre steps, all layers), and
 * naive-ap-heads: the same 144 × 8 head patches the TransformerLens way, one full forward pass per patch, as the
 * reference for the batched, started AP.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx12g"})
@BenchmarkMode(Mode.SingleShotTime)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AttributionBenchmark {
    @Param({"atp", "ap-heads", "naive-ap-heads", "ap-neurons-L11", "ig-heads", "ig-neurons"})
    public String task;

    static final int PAIRS = 8;
    static final int TOKENS = 16;

    private CpuKernels kernels;
    private Gpt2Model model;
    private RunSetup setup;
    private ActivationCache corruptedZ;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = CpuKernels.create();
        model = RandomGpt2.create(RandomGpt2.SMALL, kernels, 0);
        IoiShapedPairs pairs = IoiShapedPairs.random(PAIRS, TOKENS, RandomGpt2.SMALL.dVocab(), 3);
        // 4 GiB per pass: every IG layer's 408 rows in one pass, as the 8192-token passes of earlier runs held them
        setup = new RunSetup(model, new Batch(pairs.clean()), new Batch(pairs.corrupted()), new LogitDiff(pairs.correct(), pairs.incorrect()),
                MemoryBudget.parse("4g"));
        corruptedZ = model.forward(setup.corrupted(), ForwardOptions.lastLogits().withCache(HookFilter.of("blocks.*.attn.hook_z")))
                .detachCache();
    }

    @Benchmark
    public Object attribute() {
        return switch (task) {
            case "atp" -> run(AttributionOptions.of(Method.ATP, List.of(Granularity.HEADS, Granularity.NEURONS)));
            case "ap-heads" -> run(AttributionOptions.of(Method.AP, List.of(Granularity.HEADS)));
            case "ap-neurons-L11" -> run(AttributionOptions.of(Method.AP, List.of(Granularity.NEURONS)).withLayers(new int[] {11}));
            case "ig-heads" -> run(AttributionOptions.of(Method.IG, List.of(Granularity.HEADS)));
            case "ig-neurons" -> run(AttributionOptions.of(Method.IG, List.of(Granularity.NEURONS)));
            case "naive-ap-heads" -> naiveHeads();
            default -> throw new IllegalArgumentException(task);
        };
    }

    private Object run(AttributionOptions opt) {
        return Attribution.run(setup, opt, Progress.NONE);
    }

    /** One forward pass from the embeddings per (prompt, head), as a notebook loop over hooks would do it. */
    private float[] naiveHeads() {
        var cfg = model.config();
        float[] out = new float[cfg.nLayers() * cfg.nHeads() * PAIRS];
        int i = 0;
        for (int l = 0; l < cfg.nLayers(); l++) {
            for (int h = 0; h < cfg.nHeads(); h++) {
                for (int p = 0; p < PAIRS; p++) {
                    PatchPlan plan = PatchPlan.builder().set(HookName.of(l, HookType.Z), 0, Selection.all(), Selection.of(h), corruptedZ, p).build();
                    try (ForwardResult r = model.forward(Batch.of(setup.clean().tokens()[p]), ForwardOptions.lastLogits().withPatches(plan))) {
                        out[i++] = r.lastLogits(0)[0];
                    }
                }
            }
        }
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        corruptedZ.close();
        model.close();
        kernels.close();
    }
}
