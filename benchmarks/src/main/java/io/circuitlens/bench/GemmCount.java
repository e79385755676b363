package io.circuitlens.bench;

import io.circuitlens.attribution.Attribution;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.attribution.Method;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.metrics.LogitDiff;
import io.circuitlens.model.Batch;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * How much of an attribution job is matrix products, and how fast they run inside it: the CPU backend behind a proxy
 * that counts every {@code gemm} call's FLOPs (2·m·n·k) and wall time, on {@link AttributionBenchmark}'s setup (random
 * GPT-2 small, 8 IOI-shaped pairs of 16 tokens). Each task runs twice; the second repetition is the warm one. This is
 * what "the job is GEMM bound" in {@code RESULTS.md} rests on: the GEMM FLOPs left after the engine's shortcuts.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx12g -cp benchmarks/target/benchmarks.jar io.circuitlens.bench.GemmCount ap-heads atp ig-L6</pre>
 */
public final class GemmCount {
    private double flops;
    private long nanos;
    private long calls;

    private GemmCount() {}

    public static void main(String[] args) {
        GemmCount count = new GemmCount();
        CpuKernels cpu = CpuKernels.create();
        Kernels counted = count.wrap(cpu);
        Gpt2Model model = RandomGpt2.create(RandomGpt2.SMALL, counted, 0);
        IoiShapedPairs pairs = IoiShapedPairs.random(8, 16, RandomGpt2.SMALL.dVocab(), 3);
        RunSetup setup = new RunSetup(model, new Batch(pairs.clean()), new Batch(pairs.corrupted()),
                new LogitDiff(pairs.correct(), pairs.incorrect()), MemoryBudget.parse("4g"));
        System.out.println("| task | rep | wall s | GEMM calls | GEMM GFLOP | GEMM s | GEMM GFLOP/s | GEMM share |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String task : args) {
            AttributionOptions opt = switch (task) {
                case "ap-heads" -> AttributionOptions.of(Method.AP, List.of(Granularity.HEADS));
                case "atp" -> AttributionOptions.of(Method.ATP, List.of(Granularity.HEADS, Granularity.NEURONS));
                case "ig-L6" -> AttributionOptions.of(Method.IG, List.of(Granularity.HEADS, Granularity.NEURONS)).withLayers(new int[] {6});
                default -> throw new IllegalArgumentException("task: ap-heads, atp or ig-L6, not " + task);
            };
            for (int rep = 1; rep <= 2; rep++) {
                count.flops = 0;
                count.nanos = 0;
                count.calls = 0;
                long t0 = System.nanoTime();
                Attribution.run(setup, opt, Progress.NONE);
                double wall = (System.nanoTime() - t0) / 1e9;
                System.out.printf("| %s | %d | %.2f | %d | %.1f | %.2f | %.0f | %.0f%% |%n", task, rep, wall, count.calls, count.flops / 1e9,
                        count.nanos / 1e9, count.flops / count.nanos, 100 * count.nanos / 1e9 / wall);
            }
        }
        model.close();
        cpu.close();
    }

    /** The backend with every gemm call counted and timed; every other call passes straight through. */
    private Kernels wrap(Kernels inner) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class}, (proxy, m, a) -> {
            boolean gemm = m.getName().equals("gemm");
            long t = System.nanoTime();
            Object result;
            try {
                result = m.invoke(inner, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (gemm) {
                nanos += System.nanoTime() - t;
                calls++;
                flops += 2.0 * (int) a[2] * (int) a[3] * (int) a[4];
            }
            return result;
        });
    }
}
