package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.circuit.RunRecord;

import io.circuitlens.common.CircuitLensException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * latent: how each component's importance differs between noising and denoising.
 *
 * <p>Each direction's prompt-averaged scores are divided by that direction's full effect, the metric change of moving
 * everything (noising: mean metric_corrupted − mean metric_clean; denoising: the opposite), which makes them fractions
 * of the whole behaviour with the same sign convention in both directions (positive = this component's move goes the
 * way the full move goes), so thresholds mean the same in both and across metrics. Each direction is normalised by
 * its own file's metrics. The asymmetry is |noising fraction| − |denoising fraction|.
 */
public record LatentAnalysis(DirectionPair pair, double noisingFull, double denoisingFull, double large, double small,
                             List<LatentKind> kinds, List<String> notes) {

    public static LatentAnalysis of(DirectionPair pair, String components, double large, double small) {
        if (!(small >= 0 && large > small)) {
            throw new CircuitLensException("thresholds need 0 <= small < large, got small " + small + ", large " + large);
        }
        ScoreFile n = pair.noising();
        ScoreFile d = pair.denoising();
        List<String> notes = new ArrayList<>();
        RunRecord rn = n.run();
        RunRecord rd = d.run();
        if (!Objects.equals(rn.method(), rd.method())) {
            notes.add("the methods differ (noising " + rn.method() + ", denoising " + rd.method() + "): asymmetry then mixes method and direction");
        }
        for (RunRecord r : List.of(rn, rd)) {
            if (r.method() != null && !r.method().equals("ap") && !r.method().equals("ig")) {
                notes.add(r.method() + " approximates the move; AP (exact) or IG are the usual inputs for this analysis");
                break;
            }
        }
        if (rn.metric() != null && rd.metric() != null && !rn.metric().equals(rd.metric())) {
            notes.add("the metrics differ (noising " + rn.metric() + ", denoising " + rd.metric() + ")");
        }
        if (rn.dataSha256() != null && rd.dataSha256() != null && !rn.dataSha256().equals(rd.dataSha256())) {
            notes.add("the two runs used different data files (SHA-256 differs)");
        }
        double noisingFull = fullEffect(n, true);
        double denoisingFull = fullEffect(d, false);
        // both files ran the same unpatched clean and corrupted prompts, so their full effects should agree
        if (Math.abs(noisingFull + denoisingFull) > 1e-4 * Math.abs(noisingFull)) {
            notes.add("the files' clean/corrupted metrics differ (full effect " + -noisingFull + " vs " + denoisingFull
                    + "): not the same model and prompts?");
        }
        boolean both = components.equals("both");
        List<LatentKind> kinds = new ArrayList<>();
        for (ComponentKind k : ComponentKind.parseList(components)) {
            if (both && !(n.has(k) && d.has(k))) {
                if (n.has(k) || d.has(k)) notes.add("'" + k.tensor() + "' is only in the " + (n.has(k) ? "noising" : "denoising") + " file; skipped");
                continue;
            }
            ComponentScores tn = n.table(k);
            ComponentScores td = d.table(k);
            if (!tn.sameShape(td)) {
                throw new CircuitLensException("'" + k.tensor() + "' shapes differ: " + n.path() + " has " + Arrays.toString(tn.shape())
                        + ", " + d.path() + " has " + Arrays.toString(td.shape()) + " [prompts, layers, width]; latent needs the same model and prompts");
            }
            kinds.add(kind(tn, td, noisingFull, denoisingFull, large, small));
        }
        if (kinds.isEmpty()) {
            throw new CircuitLensException("no heads or neurons table in both " + n.path() + " and " + d.path());
        }
        return new LatentAnalysis(pair, noisingFull, denoisingFull, large, small, kinds, notes);
    }

    /** Per-component fractions, asymmetry and one-direction flags of one kind. */
    static LatentKind kind(ComponentScores noising, ComponentScores denoising, double noisingFull, double denoisingFull,
                           double large, double small) {
        double[] fn = noising.averaged();
        double[] fd = denoising.averaged();
        int[] only = new int[fn.length];
        double[] asym = new double[fn.length];
        for (int i = 0; i < fn.length; i++) {
            fn[i] /= noisingFull;
            fd[i] /= denoisingFull;
            double an = Math.abs(fn[i]);
            double ad = Math.abs(fd[i]);
            asym[i] = an - ad;
            if (an >= large && ad <= small) only[i] = 1;
            else if (ad >= large && an <= small) only[i] = -1;
        }
        return new LatentKind(noising, fn, fd, asym, only);
    }

    /** The full move's metric change in this file's direction; an error when there is none to normalise by. */
    private static double fullEffect(ScoreFile f, boolean noising) {
        if (f.metricClean() == null || f.metricCorrupted() == null) {
            throw new CircuitLensException(f.path() + ": needs 'metric_clean' and 'metric_corrupted' to normalise by the full effect");
        }
        double clean = ScoreFile.mean(f.metricClean());
        double corrupted = ScoreFile.mean(f.metricCorrupted());
        double full = noising ? corrupted - clean : clean - corrupted;
        // float32 metrics: a difference within rounding of the values is no effect at all
        if (Math.abs(full) <= 1e-6 * Math.max(1, Math.abs(clean) + Math.abs(corrupted))) {
            throw new CircuitLensException(f.path() + ": the mean clean and corrupted metrics are equal (" + clean + " vs " + corrupted
                    + "), so there is no effect to normalise by; do the prompt pairs differ in the behaviour?");
        }
        return full;
    }
}
