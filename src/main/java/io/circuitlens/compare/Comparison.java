package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.ScoreFile;

import io.circuitlens.common.CircuitLensException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * compare on two results files: checks they describe the same prompts and components, orients their signs, and
 * compares each requested kind. {@code notes} are the caveats worth printing (different metrics or data, skipped kinds).
 */
public record Comparison(ScoreFile a, ScoreFile b, ScoreFile truth, Orientation orientation, List<KindComparison> kinds,
                         List<String> notes, Settings settings) {

    /** The options, recorded with the results. */
    public record Settings(String components, int topK, int outliers, double truthFraction) {}

    public Comparison {
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
        kinds = List.copyOf(kinds);
        notes = List.copyOf(notes);
    }

    public static Comparison of(ScoreFile a, ScoreFile b, ScoreFile truth, Settings s) {
        if (s.outliers() < 1) throw new CircuitLensException("the outlier count must be at least 1, got " + s.outliers());
        if (s.topK() < 0) throw new CircuitLensException("top-k must be at least 1, got " + s.topK());
        if (!(s.truthFraction() > 0 && s.truthFraction() <= 1)) {
            throw new CircuitLensException("the ground-truth threshold must be in (0, 1], got " + s.truthFraction());
        }
        List<String> notes = new ArrayList<>();
        List<ComponentKind> kinds = kinds(a, b, ComponentKind.parseList(s.components()), s.components().equals("both"), notes);
        Orientation orientation = Orientation.of("A", a.run(), "B", b.run());
        if (orientation.note() != null) notes.add(orientation.note());
        if (a.run().metric() != null && b.run().metric() != null && !a.run().metric().equals(b.run().metric())) {
            notes.add("the metrics differ (A " + a.run().metric() + ", B " + b.run().metric() + "): correlations still compare rankings, magnitudes less so");
        }
        if (a.run().dataSha256() != null && b.run().dataSha256() != null && !a.run().dataSha256().equals(b.run().dataSha256())) {
            notes.add("the two runs used different data files (SHA-256 differs): prompt i may not be the same prompt in both");
        }
        List<KindComparison> out = new ArrayList<>();
        for (ComponentKind k : kinds) {
            ComponentScores ta = a.table(k);
            ComponentScores tb = b.table(k);
            if (!ta.sameShape(tb)) {
                throw new CircuitLensException("'" + k.tensor() + "' shapes differ: " + a.path() + " has " + Arrays.toString(ta.shape())
                        + ", " + b.path() + " has " + Arrays.toString(tb.shape()) + " [prompts, layers, width]; compare needs scores of the same model on the same prompts");
            }
            ComponentScores gt = truth == null ? null : truthTable(truth, k, ta, notes);
            out.add(MethodComparison.compare(orientation.applyA(ta), orientation.applyB(tb), s.topK(), s.outliers(), gt, s.truthFraction()));
        }
        if (truth != null && out.stream().allMatch(c -> c.truth() == null)) {
            throw new CircuitLensException(truth.path() + ": has no " + String.join(" or ", kinds.stream().map(ComponentKind::tensor).toList())
                    + " table to use as ground truth");
        }
        return new Comparison(a, b, truth, orientation, out, notes, s);
    }

    /** The kinds to compare: with "both", those in both files (noting any skipped); else the one asked for. */
    private static List<ComponentKind> kinds(ScoreFile a, ScoreFile b, List<ComponentKind> asked, boolean both, List<String> notes) {
        if (!both) return asked;
        List<ComponentKind> kept = new ArrayList<>();
        for (ComponentKind k : asked) {
            if (a.has(k) && b.has(k)) {
                kept.add(k);
            } else if (a.has(k) || b.has(k)) {
                notes.add("'" + k.tensor() + "' is only in " + (a.has(k) ? "A" : "B") + "; skipped");
            }
        }
        if (kept.isEmpty()) {
            throw new CircuitLensException("no heads or neurons table in both " + a.path() + " and " + b.path()
                    + " (A has " + describe(a) + ", B has " + describe(b) + ")");
        }
        return kept;
    }

    private static String describe(ScoreFile f) {
        return f.tables().isEmpty() ? "neither" : String.join(" and ", f.tables().keySet().stream().map(ComponentKind::tensor).toList());
    }

    /** The ground-truth table for kind k, checked against the compared layout; null (with a note) when absent. */
    private static ComponentScores truthTable(ScoreFile truth, ComponentKind k, ComponentScores like, List<String> notes) {
        if (!truth.has(k)) {
            notes.add("the ground truth has no '" + k.tensor() + "' table: no precision/recall for " + k.tensor());
            return null;
        }
        ComponentScores t = truth.table(k);
        if (t.layers() != like.layers() || t.width() != like.width()) {
            throw new CircuitLensException(truth.path() + ": '" + k.tensor() + "' is " + t.layers() + " layers x " + t.width()
                    + ", but the compared scores are " + like.layers() + " x " + like.width() + " (a different model?)");
        }
        if (t.prompts() != like.prompts()) {
            // only prompt-averaged effects are used, so another prompt count is usable, but worth knowing
            notes.add("the ground truth's '" + k.tensor() + "' averages " + t.prompts() + " prompts, the scores " + like.prompts());
        }
        return t;
    }
}
