package io.circuitlens.compare;

import io.circuitlens.attribution.Direction;

/**
 * How two files' scores are made comparable in sign. In both directions a positive score means the move raises the
 * metric, so a component the clean behaviour relies on scores negative when noised (clean-to-corrupted) and positive
 * when restored (corrupted-to-clean). When the two files have different directions, the noising file's scores are
 * negated, so that both read "positive = the component carries the clean behaviour" and agreement shows as positive
 * correlation. Files of the same direction, or of unknown direction, are compared as they are.
 */
public record Orientation(boolean negateA, boolean negateB, String note) {

    public static Orientation of(String nameA, RunInfo a, String nameB, RunInfo b) {
        Direction da = a.direction();
        Direction db = b.direction();
        if (da == null || db == null) {
            String which = da == null && db == null ? "both files" : da == null ? nameA : nameB;
            return new Orientation(false, false, "no direction recorded for " + which + ": scores compared with their signs as stored");
        }
        if (da == db) return new Orientation(false, false, null);
        boolean aIsNoising = da == Direction.CLEAN_TO_CORRUPTED;
        String noising = aIsNoising ? nameA : nameB;
        return new Orientation(aIsNoising, !aIsNoising, "directions differ: " + noising
                + " (clean-to-corrupted) is negated so both read 'positive = the component carries the clean behaviour'");
    }

    public ComponentScores applyA(ComponentScores t) {
        return negateA ? t.negated() : t;
    }

    public ComponentScores applyB(ComponentScores t) {
        return negateB ? t.negated() : t;
    }
}
