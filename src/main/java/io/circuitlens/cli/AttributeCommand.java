package io.circuitlens.cli;

import io.circuitlens.circuit.CheckpointFile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.attribution.Attribution;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Direction;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.attribution.Method;
import io.circuitlens.attribution.Quadrature;
import io.circuitlens.attribution.SplitRule;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.metrics.Metric;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tensor.FloatTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code circuitlens attribute}: scores heads, neurons, ... with AP, AtP, IG or Split IG over a file of prompt pairs. */
@Command(name = "attribute", mixinStandardHelpOptions = true,
        header = "Score heads, neurons and other components with activation patching, attribution patching or integrated gradients.",
        description =
                "Score components (heads, neurons, ...) by activation patching (ap), attribution patching (atp), integrated " +
                "gradients (ig) or Split IG (split-ig) on clean/corrupted prompt pairs, and write the scores to a safetensors file.")
final class AttributeCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--method", required = true, description = "ap, atp, ig or split-ig.")
    String method;

    @Option(names = "--direction", defaultValue = "clean-to-corrupted", description = "clean-to-corrupted (noising, default) or corrupted-to-clean (denoising).")
    String direction;

    @Option(names = "--components", defaultValue = "heads,neurons", description = "Comma list of heads, neurons, head-pos, qkv, pattern, layers, resid (default ${DEFAULT-VALUE}).")
    String components;


    @Option(names = "--steps", defaultValue = "50", description = "IG quadrature nodes (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rule", defaultValue = "gauss-legendre", description = "gauss-legendre (default), riemann-left, riemann-right, riemann-middle or trapezoid.")
    String rule;

    @Option(names = "--split-ratio", defaultValue = "0.9", description = "Split IG: fraction of the path's change where it is cut (default ${DEFAULT-VALUE}; 1 = no split).")
    double splitRatio;

    @Option(names = "--split-rule", defaultValue = "endpoints", description = "Split IG: endpoints (Miglani et al. 2020, default) or minmax.")
    String splitRule;

    @Option(names = "--path-curves", description = "Also save the metric and gradient norm along the IG path per prompt and layer.")
    boolean pathCurves;

    @Option(names = "--path-components", split = ",", paramLabel = "L.H|mL.N", description = "Also save the metric along the path on which only this head (9.6) or neuron (m3.1024) moves.")
    List<String> pathComponents = List.of();

    @Option(names = "--reduce", defaultValue = "sum", description = "sum (default: keeps the metric's units and completeness) or mean (divide by the elements of each component, the convention of some earlier work).")
    String reduce;


    @Option(names = "--layers", split = ",", paramLabel = "L", description = "Score only these layers with ap/ig/split-ig (the others stay 0); default: all.")
    int[] layers;



    @Mixin
    ResultOptions output;

    @Option(names = "--no-resume", description = "Ignore a checkpoint (OUT.partial) left by an interrupted run of the same job.")
    boolean noResume;

    @Mixin
    PlotOptions plots;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Method m = OptionValues.parse("--method", () -> Method.parse(method));
        Direction dir = OptionValues.parse("--direction", () -> Direction.parse(direction));
        List<Granularity> grans = OptionValues.parse("--components", () -> Granularity.parseList(components));
        Quadrature quadrature = OptionValues.parse("--rule/--steps", () -> Quadrature.of(rule, steps));
        SplitRule split = OptionValues.parse("--split-rule", () -> SplitRule.parse(splitRule));
        if (!reduce.equals("sum") && !reduce.equals("mean")) throw new CircuitLensException("--reduce must be sum or mean, got '" + reduce + "'");
        if (!(splitRatio > 0 && splitRatio <= 1)) throw new CircuitLensException("--split-ratio must be in (0, 1], got " + splitRatio);
        if (reduce.equals("mean") && m == Method.AP) {
            throw new CircuitLensException("--reduce mean applies to the gradient methods (atp, ig, split-ig); AP scores are metric differences");
        }
        if (layers != null) {
            for (int l : layers) if (l < 0) throw new CircuitLensException("--layers: layer " + l + " does not exist");
        }
        dataOptions.check();
        common.budget(); // a bad --memory fails before anything loads
        output.check(spec.commandLine().getErr());
        try (Kernels kernels = common.kernels(); LoadedModel lm = LoadedModel.open(common.model, kernels)) {
            TaskPairs task = dataOptions.load(lm, common.budget());
            for (String c : pathComponents) Component.parse(c, lm.config()); // fail before the long run
            Metric metricFn = task.metric(dataOptions.metric);
            RunSetup setup = new RunSetup(lm.model(), task.clean(), task.corrupted(), metricFn, common.budget());
            AttributionOptions opt = AttributionOptions.of(m, grans).withDirection(dir).withQuadrature(quadrature).withSplit(splitRatio, split)
                    .withPathCurves(pathCurves, pathComponents).withReduceMean(reduce.equals("mean")).withLayers(layers);
            CheckpointFile checkpoint = new CheckpointFile(output.out, jobFingerprint(lm, task.size(), metricFn.name()), !noResume, spec.commandLine().getErr());
            RunningCommand.resumableFrom(checkpoint.path(), noResume);
            long t0 = System.nanoTime();
            Map<String, FloatTensor> result;
            try (BarProgress progress = output.progress("attribute " + m.label(), spec.commandLine().getErr())) {
                result = Attribution.run(setup, opt, progress, checkpoint);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of("run", runRecord(lm, m, dir, quadrature, split, task.size(), metricFn.name(), seconds)));
            for (var e : result.entrySet()) w.add(e.getKey(), e.getValue());
            w.add("lengths", new io.circuitlens.tensor.LongTensor(new int[] {task.size()},
                    Arrays.stream(task.clean().lengths()).asLongStream().toArray()));
            w.write(output.out);
            checkpoint.delete();
            Summary.print(spec.commandLine().getOut(), result, grans, m, dir, metricFn.name(), task.size(), seconds, output.out);
            plots.draw(output.out, spec.commandLine().getOut());
        }
    }

    /** Everything the scores depend on (not threads or batch size: rows are computed the same way in any batch). */
    private String jobFingerprint(LoadedModel lm, int n, String metric) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("method", method).put("direction", direction).put("components", components).put("metric", metric)
                .put("steps", steps).put("rule", rule).put("split_ratio", splitRatio).put("split_rule", splitRule)
                .put("reduce", reduce).put("layers", Arrays.toString(layers)).put("path_components", String.join(",", pathComponents))
                .put("path_curves", pathCurves).put("bos", !dataOptions.noBos).put("pairs", n).put("data", dataOptions.describe())
                .put("model", lm.folder().toAbsolutePath().toString()).put("model_config", lm.config().toString());
        o.put("data_sha256", dataOptions.sha256());
        return o.toString();
    }

    private String runRecord(LoadedModel lm, Method m, Direction dir, Quadrature q, SplitRule split, int n, String metric, double seconds) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("tool", io.circuitlens.common.Version.tool());
        o.put("date", Instant.now().toString());
        o.put("method", m.label());
        o.put("direction", dir.label());
        o.put("metric", metric);
        o.put("components", components);
        if (m == Method.IG || m == Method.SPLIT_IG) {
            o.put("steps", steps);
            o.put("rule", rule);
        }
        if (m == Method.SPLIT_IG) {
            o.put("split_ratio", splitRatio);
            o.put("split_rule", split.label());
        }
        o.put("reduce", reduce);
        if (layers != null) o.put("layers", Arrays.toString(layers));
        o.put("model", lm.folder().toString());
        o.put("model_config", lm.config().toString());
        o.put("data", dataOptions.describe());
        o.put("data_sha256", dataOptions.sha256());
        o.put("pairs", n);
        o.put("bos", !dataOptions.noBos);
        o.put("backend", common.describeBackend());
        o.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return o.toString();
    }

    /** Keeps the output readable: where the run went and the strongest components. */
    static final class Summary {
        private Summary() {}

        static void print(PrintWriter out, Map<String, FloatTensor> result, List<Granularity> grans, Method m, Direction dir,
                          String metric, int n, double seconds, Path file) {
            out.printf("%s (%s, %s) on %d pairs in %.1f s -> %s%n", m.label(), dir.label(), metric, n, seconds, file);
            FloatTensor clean = result.get("metric_clean");
            FloatTensor corrupted = result.get("metric_corrupted");
            out.printf("metric: clean %.4f, corrupted %.4f (means over pairs)%n", mean(clean.data()), mean(corrupted.data()));
            for (Granularity g : grans) {
                if (g != Granularity.HEADS && g != Granularity.NEURONS) continue;
                FloatTensor t = result.get(g.output());
                int layers = t.dim(1);
                int comps = t.dim(2);
                double[] avg = new double[layers * comps];
                for (int p = 0; p < t.dim(0); p++) {
                    for (int i = 0; i < avg.length; i++) avg[i] += t.data()[p * avg.length + i] / t.dim(0);
                }
                Integer[] order = new Integer[avg.length];
                for (int i = 0; i < order.length; i++) order[i] = i;
                Arrays.sort(order, (a, b) -> Double.compare(Math.abs(avg[b]), Math.abs(avg[a])));
                out.printf("top %s by |mean score|:", g.output());
                for (int i = 0; i < Math.min(8, order.length); i++) {
                    int idx = order[i];
                    out.printf(" %s%d.%d=%.4g", g == Granularity.NEURONS ? "m" : "", idx / comps, idx % comps, avg[idx]);
                }
                out.println();
            }
        }

        private static double mean(float[] a) {
            double s = 0;
            for (float v : a) s += v;
            return a.length == 0 ? 0 : s / a.length;
        }
    }
}
