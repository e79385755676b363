package io.circuitlens.bench;

import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.Gpt2Model;

import java.util.SplittableRandom;

/**
 * Where the CPU forward pass of ForwardBenchmark's workload spends its time, per kernel (and per GEMM shape):
 *   java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.circuitlens.bench.ForwardProfile [repeats]
 */
public final class ForwardProfile {
    private ForwardProfile() {}

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (TimingKernels k = new TimingKernels(CpuKernels.create()); Gpt2Model model = RandomGpt2.create(RandomGpt2.SMALL, k.kernels, 0)) {
            SplittableRandom rng = new SplittableRandom(1);
            int[][] t = new int[8][64];
            for (int[] row : t) for (int i = 0; i < row.length; i++) row[i] = rng.nextInt(RandomGpt2.SMALL.dVocab());
            Batch input = new Batch(t);
            for (int i = 0; i < 3; i++) model.forward(input, ForwardOptions.allLogits()).close(); // JIT warm-up
            k.reset();
            long t0 = System.nanoTime();
            for (int i = 0; i < repeats; i++) model.forward(input, ForwardOptions.allLogits()).close();
            double total = (System.nanoTime() - t0) / 1e6 / repeats;
            System.out.printf("%s%nforward: %.1f ms per pass (%d passes)%n", k.describe(), total, repeats);
            k.totals().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
                    System.out.printf("  %-28s %8.1f ms  %5.1f%%  (%d calls)%n", e.getKey(), e.getValue()[0] / 1e6 / repeats,
                            100 * e.getValue()[0] / 1e6 / repeats / total, e.getValue()[1] / repeats));
        }
    }
}
