package io.circuitlens.bench;

import io.circuitlens.attribution.Attribution;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.attribution.Method;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.kernels.Precision;
import io.circuitlens.kernels.backends.Backend;
import io.circuitlens.kernels.backends.Backends;
import io.circuitlens.kernels.backends.Device;
import io.circuitlens.metrics.LogitDiff;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The device run's speed figures on a GPT-2-small-shaped random model (RandomGpt2.SMALL), one backend per run:
 * forward passes with every position's logits (8 × 64 tokens as ForwardBenchmark / numpy_forward.py, 32 × 128,
 * 4 × 1024) and the attribution jobs of AttributionBenchmark (8 IOI-shaped pairs of 16 tokens, logit difference: AtP
 * on heads and neurons, AP on all heads, IG on heads with 50 Gauss–Legendre steps). Each figure is the fastest of a
 * few runs after a warm-up. Prints one line per figure and appends it to OUT as a JSON line. {@code quick} (for the
 * CPU, whose long jobs would not fit a device call) leaves out the 4 × 1024 forward and IG and times one run each.
 * <pre>java -cp circuitlens.jar:classes io.circuitlens.bench.DeviceSpeed cuda|cpu fp32|tf32 OUT.jsonl [quick]</pre>
 * The CUDA memory budget per pass is half the free device memory when the model is loaded (Backend.freeDeviceMemory).
 */
public final class DeviceSpeed {
    static final int PAIRS = 8;
    static final int TOKENS = 16;

    private final Backend backend;
    private final Gpt2Model model;
    private final PrintStream json;
    private final String label;

    private DeviceSpeed(Backend backend, Gpt2Model model, PrintStream json, String label) {
        this.backend = backend;
        this.model = model;
        this.json = json;
        this.label = label;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: DeviceSpeed cuda|cpu fp32|tf32 OUT.jsonl [quick]");
            System.exit(2);
        }
        try {
            run(args);
        } catch (io.circuitlens.common.CircuitLensException e) {
            System.err.println("DeviceSpeed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws IOException {
        Device device = Device.valueOf(args[0].toUpperCase(Locale.ROOT));
        Precision precision = Precision.valueOf(args[1].toUpperCase(Locale.ROOT));
        boolean quick = args.length > 3 && args[3].equals("quick");
        try (Backend backend = Backends.open(device, precision, Runtime.getRuntime().availableProcessors());
             PrintStream json = new PrintStream(Files.newOutputStream(Path.of(args[2]), java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.APPEND), true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.out.println(backend.choice());
            long t0 = System.nanoTime();
            Gpt2Model model = RandomGpt2.create(RandomGpt2.SMALL, backend.kernels(), 0);
            System.out.printf(Locale.ROOT, "model built and uploaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            DeviceSpeed s = new DeviceSpeed(backend, model, json, device.name().toLowerCase(Locale.ROOT) + "-" + precision.name().toLowerCase(Locale.ROOT));
            s.forward(8, 64, quick ? 2 : 5);
            s.forward(32, 128, quick ? 1 : 5);
            if (!quick) s.forward(4, 1024, 3);
            s.attribution(quick);
            backend.freeDeviceMemory().ifPresent(f -> System.out.printf(Locale.ROOT, "free device memory at the end: %.1f GiB%n", f / (double) (1L << 30)));
            model.close();
        }
    }

    private void forward(int batch, int tokens, int runs) {
        SplittableRandom rng = new SplittableRandom(1);
        int[][] t = new int[batch][tokens];
        for (int[] row : t) for (int i = 0; i < tokens; i++) row[i] = rng.nextInt(RandomGpt2.SMALL.dVocab());
        Batch b = new Batch(t);
        double best = time(runs, () -> {
            try (ForwardResult r = model.forward(b, ForwardOptions.allLogits())) {
                return r.logits(batch - 1).data()[0]; // downloads one prompt's logits: waits for the device
            }
        });
        report("forward " + batch + "x" + tokens + " all logits", best, (double) batch * tokens / best, "tokens/s");
    }

    private void attribution(boolean quick) {
        IoiShapedPairs pairs = IoiShapedPairs.random(PAIRS, TOKENS, RandomGpt2.SMALL.dVocab(), 3);
        long budget = backend.freeDeviceMemory().orElse(4L << 30) / 2;
        RunSetup setup = new RunSetup(model, new Batch(pairs.clean()), new Batch(pairs.corrupted()), new LogitDiff(pairs.correct(), pairs.incorrect()),
                MemoryBudget.of(budget));
        List<String[]> jobs = new ArrayList<>();
        jobs.add(new String[] {"atp heads+neurons", "atp"});
        jobs.add(new String[] {"ap heads (144 x 8 pairs)", "ap"});
        if (!quick) jobs.add(new String[] {"ig heads, 50 steps", "ig"});
        for (String[] job : jobs) {
            AttributionOptions opt = switch (job[1]) {
                case "atp" -> AttributionOptions.of(Method.ATP, List.of(Granularity.HEADS, Granularity.NEURONS));
                case "ap" -> AttributionOptions.of(Method.AP, List.of(Granularity.HEADS));
                default -> AttributionOptions.of(Method.IG, List.of(Granularity.HEADS));
            };
            double best = time(quick || job[1].equals("ig") ? 1 : 3, () -> Attribution.run(setup, opt, Progress.NONE).size());
            report(job[0], best, PAIRS / best, "pairs/s");
        }
    }

    /** The fastest of {@code runs} timed runs after one warm-up. */
    private static double time(int runs, Supplier<Object> op) {
        op.get();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            op.get();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private void report(String what, double seconds, double rate, String unit) {
        System.out.printf(Locale.ROOT, "%-12s %-30s %9.4f s  %12.1f %s%n", label, what, seconds, rate, unit);
        json.printf(Locale.ROOT, "{\"backend\": \"%s\", \"what\": \"%s\", \"seconds\": %.6f, \"rate\": %.3f, \"unit\": \"%s\", \"describe\": \"%s\"}%n",
                label, what, seconds, rate, unit, backend.choice().replace("\"", "'"));
    }
}
