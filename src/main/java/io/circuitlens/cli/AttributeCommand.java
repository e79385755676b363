package io.circuitlens.cli;

import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.compare.TopSets;

import io.circuitlens.AttributionJob;
import io.circuitlens.AttributionResult;
import io.circuitlens.Backend;
import io.circuitlens.CircuitLens;
import io.circuitlens.Task;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.circuit.Direction;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.attribution.Method;
import io.circuitlens.attribution.Quadrature;
import io.circuitlens.attribution.SplitRule;
import io.circuitlens.tensor.FloatTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
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
        Task task = dataOptions.task();
        Backend backend = common.backend();
        PrintWriter err = spec.commandLine().getErr();
        output.check(err);
        AttributionOptions opt = AttributionOptions.of(m, grans).withDirection(dir).withQuadrature(quadrature).withSplit(splitRatio, split)
                .withPathCurves(pathCurves, pathComponents).withReduceMean(reduce.equals("mean")).withLayers(layers);
        try (CircuitLens lens = common.open(backend, err)) {
            AttributionJob job = lens.attribution(task, opt).checkpointNextTo(output.out, !noResume, err);
            RunningCommand.resumableFrom(job.checkpoint(), noResume);
            AttributionResult result;
            try (BarProgress progress = output.progress("attribute " + m.label(), err)) {
                result = job.progress(progress).run();
            }
            result.write(output.out);
            Summary.print(spec.commandLine().getOut(), result, grans, output.out);
            plots.draw(output.out, spec.commandLine().getOut());
        }
    }

    /** Keeps the output readable: where the run went and the strongest components. */
    static final class Summary {
        private Summary() {}

        static void print(PrintWriter out, AttributionResult r, List<Granularity> grans, Path file) {
            Map<String, FloatTensor> result = r.tensors();
            FloatTensor clean = result.get("metric_clean");
            FloatTensor corrupted = result.get("metric_corrupted");
            out.printf("%s (%s, %s) on %d pairs in %.1f s -> %s%n", r.options().method().label(), r.options().direction().label(),
                    r.record().metric(), clean.dim(0), r.seconds(), file);
            out.printf("metric: clean %.4f, corrupted %.4f (means over pairs)%n", mean(clean.data()), mean(corrupted.data()));
            for (Granularity g : grans) {
                if (g != Granularity.HEADS && g != Granularity.NEURONS) continue;
                ComponentScores t = g == Granularity.HEADS ? r.heads() : r.neurons();
                double[] avg = t.averaged();
                out.printf("top %s by |mean score|:", g.output());
                for (int idx : TopSets.topByAbs(avg, Math.min(8, avg.length))) out.printf(" %s=%.4g", t.label(idx), avg[idx]);
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
