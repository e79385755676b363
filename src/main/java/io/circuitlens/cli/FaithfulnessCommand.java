package io.circuitlens.cli;

import io.circuitlens.Ablations;
import io.circuitlens.Study;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.ablation.Faithfulness;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.ablation.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code circuitlens faithfulness}: the faithfulness curve of score-chosen circuits, with the CPR and CMD areas. */
@Command(name = "faithfulness", mixinStandardHelpOptions = true,
        header = "Measure the faithfulness of the circuits a scores file picks, with the CPR and CMD areas.",
        description =
                "Keep the top k%% of components by a scores file (ranked by signed and by absolute importance), ablate the rest " +
                "and measure f(k) = (m(circuit) - m(empty)) / (m(full) - m(empty)), m = mean metric over prompts. The circuit at k " +
                "keeps ceil(k*C/100) of the C components; k = 0 (f = 0) and k = 100 (f = 1) are always included. Areas over " +
                "x = k/100 in [0, 1] by the trapezoid rule between the points: cpr = area under f (signed ranking), cmd = area " +
                "under |1 - f| (absolute ranking); cpr_abs and cmd_signed are the other two combinations. Writes k_percent F32 [K], " +
                "kept I64 [K], f_signed, f_abs F32 [K], metric_signed, metric_abs F32 [N, K], metric_full, metric_empty F32 [N], " +
                "cpr, cmd, cpr_abs, cmd_signed F32 [], rank_signed_* and rank_abs_* (kind/layer/index I64 [C], most important " +
                "first), metric_clean, metric_corrupted, lengths.")
final class FaithfulnessCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Mixin
    AblationOptions ablation;

    @Option(names = "--scores", required = true, paramLabel = "SCORES.safetensors", description = "Result of attribute or ablation-table: heads [N, L, H] and/or neurons [N, L, d_mlp].")
    Path scores;

    @Option(names = "--components", defaultValue = "heads", paramLabel = "LIST", description = "Components the circuits are chosen from: heads (default), neurons, a comma list of L.H / mL.N, or a file of them.")
    String components;

    @Option(names = "--k", split = ",", paramLabel = "PERCENT", description = "Circuit sizes in percent (default 0.1,0.2,0.5,1,2,5,10,20,50,100).")
    double[] k;

    @Option(names = "--sign", defaultValue = "auto", paramLabel = "SIGN", description = "auto (default: noising and ablation scores are negated, denoising kept, from the file's run record), keep or flip.")
    String sign;

    @Mixin
    ResultOptions output;

    @Mixin
    PlotOptions plots;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        ScoreFile.Sign sg = OptionValues.parse("--sign", () -> ScoreFile.Sign.parse(sign));
        double[] ks = k == null ? Faithfulness.DEFAULT_K : k;
        for (double v : ks) if (!(v >= 0 && v <= 100)) throw new CircuitLensException("--k values are percentages in [0, 100], got " + v);
        ablation.check();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelJob job = ModelJob.open(common, data, () -> output.check(err), err)) {
            List<Component> comps = job.components(components);
            ScoreFile.Importance sf = ScoreFile.read(scores, job.lens().config()).importance(sg);
            for (Component c : comps) sf.score(c); // a missing score fails before the long run
            try (Ablations a = job.ablations(ablation.spec(), comps)) {
                Study<Faithfulness.Result> s;
                try (BarProgress progress = output.progress("faithfulness", err)) {
                    s = a.faithfulness(comps, sf, ks, progress);
                }
                s.record().put("components", components);
                s.write(output.out);
                print(spec.commandLine().getOut(), a, s, sf, comps.size());
                plots.draw(output.out, spec.commandLine().getOut());
            }
        }
    }

    private void print(PrintWriter w, Ablations a, Study<Faithfulness.Result> s, ScoreFile.Importance sf, int count) {
        Faithfulness.Result r = s.value();
        w.printf("faithfulness: circuits from %d components, the rest %s-ablated, on %d pairs, %s, %.1f s -> %s%n", count,
                a.spec().describe(), a.pairs().size(), s.record().metric(), s.seconds(), output.out);
        w.printf("scores %s: %s%n", sf.file().path(), sf.reason());
        w.printf("m(full) %.4f, m(empty) %.4f (means over prompts)%n", Stats.mean(r.metricFull()), Stats.mean(r.metricEmpty()));
        w.printf("%8s %6s %11s %11s %11s %11s%n", "k %", "kept", "f signed", "f abs", "m signed", "m abs");
        for (int i = 0; i < r.kPercent().length; i++) {
            w.printf("%8s %6d %11.4f %11.4f %11.4f %11.4f%n", trim(r.kPercent()[i]), r.kept()[i], r.fSigned()[i], r.fAbs()[i],
                    Stats.mean(r.metricSigned()[i]), Stats.mean(r.metricAbs()[i]));
        }
        w.printf("CPR (area under f, signed ranking; higher is better)  %.4f   [abs ranking: %.4f]%n", r.cpr(), r.cprAbs());
        w.printf("CMD (area under |1-f|, abs ranking; lower is better)  %.4f   [signed ranking: %.4f]%n", r.cmd(), r.cmdSigned());
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
