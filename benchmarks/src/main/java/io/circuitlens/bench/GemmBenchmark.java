package io.circuitlens.bench;

import io.circuitlens.kernels.cpu.Gemm;
import io.circuitlens.kernels.cpu.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * {@link Gemm#sgemm} on GPT-2 small shapes (batch 8 × 64 tokens = 512 rows) with every core. Besides ops/s, the
 * {@code gflops} secondary result is the GFLOP/s (2·m·n·k per call). run-gemm.sh compares it with numpy_gemm.py.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class GemmBenchmark {
    @Param({
            "512x2304x768_NN",   // x·W_qkv
            "512x768x768_NN",    // attention output projection
            "512x3072x768_NN",   // MLP in
            "512x768x3072_NN",   // MLP out
            "512x50257x768_NT",  // unembedding, all positions
            "8x50257x768_NT",    // unembedding, last token of each prompt
            "512x768x3072_NT",   // input gradient through MLP in: dY·W_inᵀ
            "512x768x2304_NT",   // input gradient through W_qkv
            "768x3072x512_TN",   // weight gradient xᵀ·dY
            "64x64x64_NT_ld2304", // one head: q·kᵀ from the qkv buffer
            "64x64x64_NN_ld2304", // one head: p·v
            "64x64x64_TN_ld2304", // one head backward: dsᵀ·q
    })
    public String shape;

    private GemmShape s;
    private Parallel par;
    private float[] a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        s = GemmShape.parse(shape);
        par = Parallel.ofAvailableProcessors();
        SplittableRandom rnd = new SplittableRandom(7);
        a = random(rnd, s.aRows() * s.lda());
        b = random(rnd, s.bRows() * s.ldb());
        c = new float[s.m() * s.n()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
    }

    @Benchmark
    public float sgemm(Flops flops) {
        Gemm.sgemm(par, s.transA(), s.transB(), s.m(), s.n(), s.k(), a, 0, s.lda(), b, 0, s.ldb(),
                c, 0, s.n(), null, 0, false);
        flops.gflops += s.flops() * 1e-9;
        return c[0];
    }

    /** Counts GFLOP done; JMH divides by the measured time, so the reported rate is GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;

        @Setup(Level.Iteration)
        public void reset() {
            gflops = 0;
        }
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
