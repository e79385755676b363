package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.compare.TopSets;

import java.util.Arrays;

/** What a picture shows of a score table: the prompt-averaged or one prompt's scores, their spread, and ranks. */
public final class ScoreViews {
    private ScoreViews() {}

    /** The mean over prompts (prompt −1) or one prompt's scores, flattened layer-major. */
    public static double[] values(ComponentScores t, int prompt, String file) {
        if (prompt < 0) return t.averaged();
        if (prompt >= t.prompts()) {
            throw new CircuitLensException(file + ": has " + t.prompts() + " prompts, so --prompt must be 0.." + (t.prompts() - 1) + ", got " + prompt);
        }
        return t.prompt(prompt);
    }

    /** Population std over prompts of each component's score. */
    public static double[] std(ComponentScores t) {
        double[] mean = t.averaged();
        double[] out = new double[mean.length];
        for (int p = 0; p < t.prompts(); p++) {
            for (int i = 0; i < out.length; i++) {
                double d = t.data()[p * out.length + i] - mean[i];
                out[i] += d * d;
            }
        }
        for (int i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i] / t.prompts());
        return out;
    }

    /** Rank of each component by |value|, 1 = largest (ties: lower index first). */
    public static int[] ranksByAbs(double[] v) {
        int[] order = byAbs(v);
        int[] rank = new int[v.length];
        for (int r = 0; r < order.length; r++) rank[order[r]] = r + 1;
        return rank;
    }

    /** Indices sorted by |value|, largest first (ties: lower index first): compare's top-k order, so ranks agree with its sets. */
    public static int[] byAbs(double[] v) {
        return TopSets.topByAbs(v, v.length);
    }

    /** The {@code n} heads with the largest |prompt-averaged score| (the default heads of a pattern view). */
    public static java.util.List<ComponentRef> strongestHeads(AttributionResult r, int n) {
        ComponentScores t = r.table(io.circuitlens.circuit.ComponentKind.HEADS);
        int[] order = byAbs(t.averaged());
        java.util.List<ComponentRef> out = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(n, order.length); i++) {
            out.add(new ComponentRef(io.circuitlens.circuit.ComponentKind.HEADS, order[i] / t.width(), order[i] % t.width()));
        }
        return out;
    }

    /** "mean over 16 prompts" or "prompt 3". */
    public static String which(int prompt, int prompts) {
        return prompt < 0 ? "mean over " + prompts + " prompt" + (prompts == 1 ? "" : "s") : "prompt " + prompt;
    }

    static double[] slice(double[] v, int from, int to) {
        return Arrays.copyOfRange(v, from, to);
    }
}
