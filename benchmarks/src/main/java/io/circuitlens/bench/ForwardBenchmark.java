package io.circuitlens.bench;

import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.Gpt2Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The CPU forward pass on a GPT-2-small-shaped random model (12 layers, 12 heads, d_model 768, vocab 50257), batch
 * of 8 prompts × 64 tokens, logits at every position: the same workload as benchmarks/numpy_forward.py.
 * tokens/s = batch·tokens / (seconds per op).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForwardBenchmark {
    @Param({"8"})
    public int batch;

    @Param({"64"})
    public int tokens;

    /** 0 = all processors. */
    @Param({"0"})
    public int threads;

    private CpuKernels kernels;
    private Gpt2Model model;
    private Batch input;

    @Setup(Level.Trial)
    public void setUp() {
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        kernels = new CpuKernels(new Parallel(n));
        model = RandomGpt2.create(RandomGpt2.SMALL, kernels, 0);
        SplittableRandom rng = new SplittableRandom(1);
        int[][] t = new int[batch][tokens];
        for (int[] row : t) for (int i = 0; i < tokens; i++) row[i] = rng.nextInt(RandomGpt2.SMALL.dVocab());
        input = new Batch(t);
    }

    @Benchmark
    public float forwardAllLogits() {
        try (ForwardResult r = model.forward(input, ForwardOptions.allLogits())) {
            return r.lastLogits(0)[0];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
        kernels.close();
    }
}
