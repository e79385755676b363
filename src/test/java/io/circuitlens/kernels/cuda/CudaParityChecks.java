package io.circuitlens.kernels.cuda;

import io.circuitlens.ablation.Ablation;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.Ablator;
import io.circuitlens.ablation.SingleAblations;
import io.circuitlens.attribution.Attribution;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.attribution.Method;
import io.circuitlens.attribution.Quadrature;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Components;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.CountingKernels;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.metrics.Metric;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA backend against the CPU backend (the reference) on a tiny model (2 layers, 4 heads, d_model 32, byte
 * vocabulary) and three prompt pairs (from the attribution fixture): logits, every hook's activation and gradient, the scores of every attribution
 * method, an ablation study, what crosses between host and device, and device memory over repeated passes. Each
 * subclass runs these on one driver: the host emulation of the kernels (every build with g++) or a real GPU.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CudaParityChecks {
    static final TinyModelSpec SPEC = new TinyModelSpec(2, 4, 32, 24, 64, "byte", 11, DType.F32, false);
    /** Clean, corrupted, correct and incorrect answer: equal byte lengths (one token per byte), one-byte answers. */
    static final String[][] PAIRS = {
            {"When Mary and John went to the store, John gave a drink to", "When Mary and John went to the store, Mary gave a drink to", " ", "x"},
            {"When Anna and Paul went to the park, Paul gave a book to ", "When Anna and Paul went to the park, Anna gave a book to ", "A", "P"},
            {"Kim and Lee ate; Lee paid ", "Kim and Lee ate; Kim paid ", "K", "L"}};
    static final int CORRECT = 'M';
    static final int INCORRECT = 'J';

    private Path dir;
    CountingDriver driver;
    CudaKernels gpu;
    Kernels cpu;
    LoadedModel onGpu;
    LoadedModel onCpu;
    Batch clean;
    Batch corrupted;
    int[] correct;
    int[] incorrect;

    /** The driver under test (see {@link TestDrivers}: the class is skipped where there is none). */
    abstract CudaDriver openDriver();

    @BeforeAll
    void open() throws IOException {
        driver = new CountingDriver(openDriver());
        gpu = new CudaKernels(driver);
        cpu = new CpuKernels(new Parallel(2));
        dir = Files.createTempDirectory("cuda-parity");
        TinyModels.write(SPEC, dir, null);
        onGpu = LoadedModel.open(dir.toString(), gpu);
        onCpu = LoadedModel.open(dir.toString(), cpu);
        clean = onCpu.tokenize(column(0), true);
        corrupted = onCpu.tokenize(column(1), true);
        correct = answers(2);
        incorrect = answers(3);
    }

    @AfterAll
    void close() throws IOException {
        if (onGpu != null) onGpu.close();
        if (onCpu != null) onCpu.close();
        if (gpu != null) {
            gpu.close();
            assertEquals(driver.allocations.get(), driver.frees.get(), "device blocks allocated and freed by the time the backend closed");
        }
        if (cpu != null) cpu.close();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static List<String> column(int c) {
        return java.util.Arrays.stream(PAIRS).map(p -> p[c]).toList();
    }

    /** The token of each pair's one-byte answer. */
    private int[] answers(int c) {
        return java.util.Arrays.stream(onCpu.tokenize(column(c), false).tokens()).mapToInt(t -> t[0]).toArray();
    }

    static List<String> prompts() {
        return List.of("When Mary and John went to the store, John gave a drink to", "The cat", "A", "Then, Anna and Paul had a long and really");
    }

    @Test
    void describesTheBackend() {
        assertTrue(gpu.describe().startsWith("cuda"), gpu.describe());
    }

    @Test
    void logitsMatchTheCpuBackend() {
        double worst = 0;
        try (ForwardResult g = onGpu.model().forward(onGpu.tokenize(prompts(), true), ForwardOptions.allLogits());
             ForwardResult c = onCpu.model().forward(onCpu.tokenize(prompts(), true), ForwardOptions.allLogits())) {
            for (int p = 0; p < prompts().size(); p++) {
                worst = Math.max(worst, maxAbsDiff(g.logits(p).data(), c.logits(p).data()));
            }
        }
        System.out.printf("%s: logits of %d prompts, max |cuda − cpu| = %.3g%n", getClass().getSimpleName(), prompts().size(), worst);
        assertTrue(worst <= 1e-4, "max |logit difference| " + worst);
    }

    /** Every hook of a pass, activation and gradient of the logit difference M − J, relative to the hook's largest value. */
    @Test
    void everyHookActivationAndGradientMatches() {
        List<String> failures = new ArrayList<>();
        double worst = 0;
        String worstAt = "";
        try (ForwardResult g = onGpu.model().forward(onGpu.tokenize(prompts(), true), ForwardOptions.lastLogits().withCache(HookFilter.all()).forBackward());
             ForwardResult c = onCpu.model().forward(onCpu.tokenize(prompts(), true), ForwardOptions.lastLogits().withCache(HookFilter.all()).forBackward());
             ActivationCache gg = onGpu.model().backward(g, dLogits(gpu), HookFilter.all(), null);
             ActivationCache gc = onCpu.model().backward(c, dLogits(cpu), HookFilter.all(), null)) {
            for (HookName h : HookName.all(SPEC.layers())) {
                for (int p = 0; p < prompts().size(); p++) {
                    for (boolean gradient : new boolean[] {false, true}) {
                        FloatTensor a = (gradient ? gg : g.cache()).get(h, p);
                        FloatTensor b = (gradient ? gc : c.cache()).get(h, p);
                        double err = relativeDiff(a.data(), b.data());
                        String at = h + (gradient ? " gradient" : "") + " prompt " + p;
                        if (err > worst) {
                            worst = err;
                            worstAt = at;
                        }
                        if (!(err <= 1e-4)) failures.add(at + ": relative difference " + err);
                    }
                }
            }
        }
        System.out.printf("%s: every hook and gradient, worst relative difference %.3g at %s%n", getClass().getSimpleName(), worst, worstAt);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** d(logit M − logit J)/d logits at each prompt's last token, [prompts, vocab]. */
    private Buf dLogits(Kernels k) {
        int vocab = onCpu.config().dVocab();
        float[] d = new float[prompts().size() * vocab];
        for (int p = 0; p < prompts().size(); p++) {
            d[p * vocab + CORRECT] = 1f;
            d[p * vocab + INCORRECT] = -1f;
        }
        return k.upload(d);
    }

    @Test
    void activationPatchingScoresMatch() {
        compareAttribution(Method.AP, "logit-diff", List.of(Granularity.HEADS, Granularity.NEURONS), 1);
    }

    @Test
    void attributionPatchingScoresMatch() {
        compareAttribution(Method.ATP, "prob-diff", List.of(Granularity.HEADS, Granularity.NEURONS, Granularity.PATTERN, Granularity.Q,
                Granularity.MLP_OUT, Granularity.RESID), -1);
    }

    @Test
    void integratedGradientsScoresMatch() {
        compareAttribution(Method.IG, "kl", List.of(Granularity.HEADS, Granularity.PATTERN, Granularity.HEAD_POS), -1);
    }

    @Test
    void splitIntegratedGradientsScoresMatch() {
        compareAttribution(Method.SPLIT_IG, "logit-diff", List.of(Granularity.HEADS, Granularity.NEURONS), 1);
    }

    /** One method's scores on both backends, for every layer or one ({@code layer} ≥ 0: fewer emulated passes). */
    private void compareAttribution(Method method, String metric, List<Granularity> granularities, int layer) {
        AttributionOptions opt = AttributionOptions.of(method, granularities);
        if (layer >= 0) opt = opt.withLayers(new int[] {layer});
        if (method == Method.IG || method == Method.SPLIT_IG) opt = opt.withQuadrature(Quadrature.of("gauss-legendre", 3));
        Map<String, FloatTensor> g = Attribution.run(setup(onGpu, metric), opt, Progress.NONE);
        Map<String, FloatTensor> c = Attribution.run(setup(onCpu, metric), opt, Progress.NONE);
        assertEquals(c.keySet(), g.keySet());
        List<String> failures = new ArrayList<>();
        double worst = 0;
        for (String name : c.keySet()) {
            double err = maxAbsDiff(g.get(name).data(), c.get(name).data()) / scale(name, c);
            worst = Math.max(worst, err);
            if (!(err <= 1e-3)) failures.add(name + ": relative difference " + err);
        }
        System.out.printf("%s: %s (%s) on %s, worst relative difference %.3g over %d tensors%n", getClass().getSimpleName(), method.label(),
                metric, granularities, worst, c.size());
        assertTrue(failures.isEmpty(), method + ": " + String.join("\n", failures));
    }

    /**
     * What a tensor's differences are measured against: its largest value, except for completeness gaps (the metric
     * change minus the sum of the scores: a small difference of large terms), which are measured against those terms.
     */
    private static double scale(String name, Map<String, FloatTensor> result) {
        if (!name.startsWith("completeness_gap_")) return largest(result.get(name).data());
        float[] clean = result.get("metric_clean").data();
        float[] corrupted = result.get("metric_corrupted").data();
        double s = largest(result.get(name.substring("completeness_gap_".length())).data());
        for (int i = 0; i < clean.length; i++) s = Math.max(s, Math.abs(clean[i] - corrupted[i]));
        return s;
    }

    private RunSetup setup(LoadedModel lm, String metric) {
        return new RunSetup(lm.model(), clean, corrupted, metric(metric), MemoryBudget.of(1 << 30));
    }

    private Metric metric(String name) {
        return name.startsWith("kl") ? Metrics.kl(name, PAIRS.length) : Metrics.answerDiff(name, correct, incorrect);
    }

    /** A mean-ablation study (every head alone, then a circuit) as the ablate command runs it, on both backends. */
    @Test
    void meanAblationsMatch() {
        Function<LoadedModel, float[][]> study = lm -> {
            List<Component> scope = Components.parse("heads,neurons", lm.config());
            try (Ablator a = Ablator.open(setup(lm, "logit-diff"), AblationSpec.of(Ablation.MEAN), scope)) {
                List<Component> heads = Components.allHeads(lm.config());
                float[][] single = SingleAblations.run(a, heads, Progress.NONE);
                float[][] out = new float[single.length + 1][];
                System.arraycopy(single, 0, out, 0, single.length);
                out[single.length] = a.ablate(Components.parse("0.1,1.2,m0.3,m1.7", lm.config()));
                return out;
            }
        };
        float[][] g = study.apply(onGpu);
        float[][] c = study.apply(onCpu);
        assertEquals(c.length, g.length);
        double worst = 0;
        for (int i = 0; i < c.length; i++) worst = Math.max(worst, relativeDiff(g[i], c[i]));
        System.out.printf("%s: mean ablation of %d head sets and a circuit, worst relative difference %.3g%n", getClass().getSimpleName(),
                c.length - 1, worst);
        assertTrue(worst <= 1e-3, "relative difference " + worst);
    }

    /**
     * What an integrated-gradients run moves between host and device: no more than the CPU backend's counting wrapper
     * counts for the same job (metric values, [rows, units] scores, the tables of prepared descriptions).
     */
    @Test
    void movesNoMoreThanTheTransferCount() {
        AttributionOptions opt = AttributionOptions.of(Method.IG, List.of(Granularity.HEADS, Granularity.NEURONS))
                .withQuadrature(Quadrature.of("gauss-legendre", 4)).withLayers(new int[] {1});
        CountingKernels counted = new CountingKernels(cpu);
        try (LoadedModel lm = LoadedModel.open(dir.toString(), counted.kernels)) {
            long before = counted.moved();
            Attribution.run(setup(lm, "logit-diff"), opt, Progress.NONE);
            long cpuMoved = counted.moved() - before;
            long gpuBefore = driver.moved();
            Attribution.run(setup(onGpu, "logit-diff"), opt, Progress.NONE);
            long gpuMoved = driver.moved() - gpuBefore;
            System.out.printf("%s: an IG run moved %d bytes between host and device; CountingKernels counts %d on the CPU%n",
                    getClass().getSimpleName(), gpuMoved, cpuMoved);
            assertTrue(gpuMoved > 0 && gpuMoved <= cpuMoved, gpuMoved + " bytes moved, " + cpuMoved + " counted");
        }
    }

    /** Repeated passes of one shape allocate nothing new: device memory stays flat over long runs. */
    @Test
    void repeatedPassesReuseDeviceMemory() {
        Batch b = onGpu.tokenize(prompts(), true);
        long[] allocations = new long[4];
        for (int i = 0; i < allocations.length; i++) {
            Buf d = dLogits(gpu);
            try (ForwardResult r = onGpu.model().forward(b, ForwardOptions.lastLogits().withCache(HookFilter.all()).forBackward());
                 ActivationCache grads = onGpu.model().backward(r, d, HookFilter.all(), null)) {
                assertTrue(grads.contains(HookName.of(0, io.circuitlens.model.HookType.Z)));
            } finally {
                gpu.release(d);
            }
            allocations[i] = driver.allocations.get();
        }
        assertEquals(allocations[1], allocations[3], "device allocations after the first pass: " + java.util.Arrays.toString(allocations));
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isInfinite(b[i]) || Float.isNaN(b[i])) {
                if (Float.compare(a[i], b[i]) != 0) return Double.POSITIVE_INFINITY;
                continue;
            }
            double d = Math.abs(a[i] - b[i]);
            if (!(d <= worst)) worst = d; // NaN in a wins
        }
        return worst;
    }

    /** max |a − b| over the largest finite |b|; infinities (masked scores) must be equal. */
    static double relativeDiff(float[] a, float[] b) {
        return maxAbsDiff(a, b) / largest(b);
    }

    /** The largest finite magnitude (at least 1e-6, so an all-zero tensor compares absolutely). */
    static double largest(float[] b) {
        double scale = 1e-6;
        for (float x : b) if (Float.isFinite(x)) scale = Math.max(scale, Math.abs(x));
        return scale;
    }
}
