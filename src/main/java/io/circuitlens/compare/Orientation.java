package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.RunRecord;

/**
 * How two files' scores are made comparable in sign. A component the clean behaviour relies on scores negative in a
 * noising run (clean-to-corrupted) or an ablation table, and positive in a denoising run (corrupted-to-clean): see
 * {@link RunRecord#orientation()}. When one file reads "needs" and the other "suffices", the "needs" file is negated,
 * so that both read "positive = the component carries the clean behaviour" and agreement shows as positive
 * correlation. Files of the same orientation, or of unknown orientation, are compared as they are.
 */
public record Orientation(boolean negateA, boolean negateB, String note) {

    public static Orientation of(String nameA, RunRecord a, String nameB, RunRecord b) {
        RunRecord.Orientation oa = a.orientation();
        RunRecord.Orientation ob = b.orientation();
        if (oa == RunRecord.Orientation.UNKNOWN || ob == RunRecord.Orientation.UNKNOWN) {
            String which = oa == ob ? "both files" : oa == RunRecord.Orientation.UNKNOWN ? nameA : nameB;
            return new Orientation(false, false, "no direction recorded for " + which + ": scores compared with their signs as stored");
        }
        if (oa == ob) return new Orientation(false, false, null);
        boolean aNeeds = oa == RunRecord.Orientation.NEEDS;
        String needs = aNeeds ? nameA : nameB;
        String what = RunRecord.ABLATION.equals((aNeeds ? a : b).method()) ? "an ablation table" : "clean-to-corrupted";
        return new Orientation(aNeeds, !aNeeds, "directions differ: " + needs + " (" + what
                + ") is negated so both read 'positive = the component carries the clean behaviour'");
    }

    public ComponentScores applyA(ComponentScores t) {
        return negateA ? t.negated() : t;
    }

    public ComponentScores applyB(ComponentScores t) {
        return negateB ? t.negated() : t;
    }
}
