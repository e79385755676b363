package io.circuitlens.cli;

import io.circuitlens.CircuitLens;
import io.circuitlens.Task;
import io.circuitlens.attribution.Method;
import io.circuitlens.attribution.Quadrature;
import io.circuitlens.circuit.Direction;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.AtomicFiles;
import io.circuitlens.validation.KnownCircuit;
import io.circuitlens.validation.TruthFile;
import io.circuitlens.validation.Validation;
import io.circuitlens.validation.ValidationJson;
import io.circuitlens.validation.ValidationResult;
import io.circuitlens.validation.ValidationResult.MethodRun;
import io.circuitlens.validation.ValidationResult.TruthRank;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code circuitlens validate}: attribution methods scored against a model's known circuit. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "Score attribution methods against a known circuit: precision, recall, ranks, faithfulness and time.",
        description =
                "Attribute heads and neurons with each method in each direction, rank them together by signed importance " +
                "(noising scores negated) and compare the top k with a ground-truth file (truth.json of datasets/known-circuits; " +
                "k = the truth's size unless --k is given): precision, recall, the rank of every true component, the faithfulness " +
                "f = (m(circuit) - m(empty)) / (m(full) - m(empty)) of the top-k circuit with every other head and neuron ablated, " +
                "and the seconds the attribution took. With a truth per data row (neurons_by_row) each prompt is ranked and " +
                "scored on its own and the numbers are averaged. Printed with two references: the known circuit's own " +
                "faithfulness and that of random circuits of its size.")
final class ValidateCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Option(names = "--truth", required = true, paramLabel = "TRUTH.json", description = "Ground truth: heads and neurons lists of L.H / mL.N labels (or objects with a component label), and optionally neurons_by_row.")
    Path truth;

    @Option(names = "--methods", defaultValue = "ap,atp,ig,split-ig", paramLabel = "LIST", description = "Comma list of ap, atp, ig, split-ig (default ${DEFAULT-VALUE}).")
    String methods;

    @Option(names = "--directions", defaultValue = "both", paramLabel = "DIR", description = "clean-to-corrupted, corrupted-to-clean or both (default).")
    String directions;

    @Option(names = "--k", defaultValue = "0", paramLabel = "K", description = "Top-k size (default: the truth's size, per prompt with a truth per row).")
    int k;

    @Option(names = "--steps", defaultValue = "50", description = "IG and Split IG quadrature nodes (Gauss-Legendre; default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--random", defaultValue = "20", paramLabel = "COUNT", description = "Random circuits of the truth's size for the faithfulness reference (default ${DEFAULT-VALUE}).")
    int random;

    @Mixin
    AblationOptions ablation;

    @Option(names = "--out", paramLabel = "OUT.json", description = "Also write every number (with each true component's rank) as JSON (atomically).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<Method> ms = OptionValues.parse("--methods", () -> parseMethods(methods));
        OptionValues.require(directions.equals("both") || directions.equals("clean-to-corrupted") || directions.equals("corrupted-to-clean"),
                "--directions", "must be clean-to-corrupted, corrupted-to-clean or both, got '" + directions + "'");
        List<Direction> ds = directions.equals("both") ? List.of(Direction.values()) : List.of(Direction.parse(directions));
        OptionValues.require(k >= 0, "--k", "must not be negative, got " + k);
        OptionValues.require(random >= 1, "--random", "must be at least 1, got " + random);
        Quadrature q = OptionValues.parse("--steps", () -> Quadrature.of(Quadrature.GAUSS_LEGENDRE, steps));
        ablation.check();
        Task task = data.task();
        if (!Files.isRegularFile(truth)) throw new CircuitLensException(truth + ": file not found");
        PrintWriter err = spec.commandLine().getErr();
        OutputPath.file("--out", out, err);
        Validation.Settings settings = Validation.Settings.defaults().methods(ms).directions(ds).k(k).ablation(ablation.spec()).quadrature(q)
                .randomDraws(random);
        var backend = common.backend();
        try (CircuitLens lens = common.open(backend, err)) {
            KnownCircuit known = TruthFile.read(truth, lens.config());
            ValidationResult v;
            try (BarProgress progress = new BarProgress(!quiet, "validate", "rows", err)) {
                v = Validation.run(lens, task, known, settings, progress);
            }
            PrintWriter w = spec.commandLine().getOut();
            print(w, v, task);
            if (out != null) {
                AtomicFiles.writeString(out, ValidationJson.of(v));
                w.println("wrote " + out);
            }
            w.flush();
        }
    }

    private static List<Method> parseMethods(String list) {
        List<Method> out = new ArrayList<>();
        for (String m : list.split(",")) {
            Method x = Method.parse(m.trim());
            if (!out.contains(x)) out.add(x);
        }
        return out;
    }

    private static void print(PrintWriter w, ValidationResult v, Task task) {
        long heads = v.scope().stream().filter(c -> c.kind() == io.circuitlens.circuit.ComponentKind.HEADS).count();
        w.printf("validate: %d method runs on %d pairs (%s), ranking %d heads and %d neurons together by signed importance%n",
                v.runs().size(), v.rows().length, task.describe(), heads, v.scope().size() - heads);
        w.printf("truth %s: %s; %s%n", v.truth().file(), v.truth().describe(), v.kRule());
        w.printf("metric: clean %.4f, corrupted %.4f (means over pairs)%n", v.metricClean(), v.metricCorrupted());
        w.printf("faithfulness, every other component %s-ablated: known circuit %.3f; %d random circuits of its size: mean %.3f, max %.3f%n",
                v.ablation().describe(), v.knownFaithfulness(), v.random().draws(), v.random().mean(), v.random().max());
        w.printf("%-9s %-19s %9s %7s %12s %8s  %s%n", "method", "direction", "precision", "recall", "faithfulness", "seconds",
                v.truth().perRow() ? "ranks of the truth (per prompt)" : "ranks of the truth");
        for (MethodRun r : v.runs()) {
            w.printf("%-9s %-19s %9.3f %7.3f %12.3f %8.2f  %s%n", r.method().label(), r.direction().label(), r.precision(), r.recall(),
                    r.faithfulness(), r.seconds(), ranks(r, v.truth().perRow()));
        }
    }

    private static String ranks(MethodRun r, boolean perRow) {
        if (perRow) return String.format("mean %.1f, worst %d", r.meanRank(), r.worstRank());
        StringBuilder sb = new StringBuilder();
        for (TruthRank t : r.ranks().getFirst()) sb.append(sb.isEmpty() ? "" : " ").append(t.component().label()).append(':').append(t.rank());
        return sb.toString();
    }
}
