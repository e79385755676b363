package io.circuitlens.cli;

import io.circuitlens.compare.Comparison;
import io.circuitlens.compare.Correlation;
import io.circuitlens.compare.KindComparison;
import io.circuitlens.compare.MeanStd;
import io.circuitlens.compare.Outliers;
import io.circuitlens.circuit.ScoreFile;
import java.io.PrintWriter;
import java.util.Locale;

import static io.circuitlens.cli.ReportFormat.fixed;
import static io.circuitlens.cli.ReportFormat.general;
import static io.circuitlens.cli.ReportFormat.pad;

/** compare's printed tables: correlations, top-k overlaps (with precision/recall), outliers, per kind. */
final class CompareReport {
    private CompareReport() {}

    static void print(PrintWriter out, Comparison c) {
        out.println("A: " + describe(c.a(), c.orientation().negateA()));
        out.println("B: " + describe(c.b(), c.orientation().negateB()));
        for (String n : c.notes()) out.println("note: " + n);
        for (KindComparison k : c.kinds()) {
            out.println();
            printKind(out, k, c);
        }
    }

    private static String describe(ScoreFile f, boolean negated) {
        return f.path() + " (" + f.run().describe() + ")" + (negated ? ", negated" : "");
    }

    private static void printKind(PrintWriter out, KindComparison k, Comparison c) {
        var t = k.a();
        out.printf(Locale.ROOT, "%s: %d prompts x %d layers x %d = %d components%n", k.kind().tensor(), t.prompts(), t.layers(),
                t.width(), t.components());
        out.println("  correlation      prompt-averaged   per prompt: mean ± std (prompts defined)");
        Correlation[] corr = Correlation.values();
        for (int i = 0; i < corr.length; i++) {
            MeanStd s = k.perPromptSummary()[i];
            out.printf(Locale.ROOT, "  %-15s %16s   %s ± %s (%d)%n", corr[i].title(), fixed(k.averaged()[i], 16),
                    fixed(s.mean(), 7).strip(), fixed(s.std(), 6).strip(), s.count());
        }
        var truth = k.truth();
        out.println("  top-k by |prompt-averaged score|: Jaccard overlap of A's and B's sets"
                + (truth == null ? "" : ", precision/recall against the ground truth"));
        out.println("        k  Jaccard   shared" + (truth == null ? "" : "   prec A  recall A   prec B  recall B"));
        for (int i = 0; i < k.ks().length; i++) {
            StringBuilder line = new StringBuilder("  ").append(pad(Integer.toString(k.ks()[i]), 7)).append(fixed(k.jaccard()[i], 9))
                    .append(pad(k.shared()[i] + "/" + k.ks()[i], 9));
            if (truth != null) {
                line.append(fixed(truth.precisionA()[i], 9)).append(fixed(truth.recallA()[i], 10))
                        .append(fixed(truth.precisionB()[i], 9)).append(fixed(truth.recallB()[i], 10));
            }
            out.println(line);
        }
        if (truth != null) {
            out.printf(Locale.ROOT, "  ground truth (%s): %d components with |mean effect| >= %s x the largest (>= %s)%n",
                    c.truth().path(), truth.set().size(), truth.set().fraction(), general(truth.set().threshold(), 0));
        }
        out.println("  outliers: largest |A/sum|A| - B/sum|B||, prompt-averaged scores each scaled by its method's total |score|");
        out.println("    component       A mean      B mean    A scaled    B scaled      |diff|");
        for (Outliers.Outlier o : k.outliers()) {
            out.println("    " + String.format(Locale.ROOT, "%-10s", t.label(o.index())) + general(o.a(), 12) + general(o.b(), 12)
                    + general(o.scaledA(), 12) + general(o.scaledB(), 12) + general(o.disagreement(), 12));
        }
    }
}
