package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;

import java.util.List;
import java.util.Map;

/** Picks the results a picture needs from what the user gave, with a one-line error naming the file that does not fit. */
public final class Results {
    private static final Map<Class<?>, String> WHAT = Map.of(
            AttributionResult.class, "an attribute or ablation-table result",
            CurveResult.class, "a curve or prune result",
            FaithfulnessResult.class, "a faithfulness result",
            AblateResult.class, "an ablate result");

    private Results() {}

    /** {@code r} as the record type {@code use} needs. */
    public static <T extends Result> T as(Result r, Class<T> type, String use) {
        if (type.isInstance(r)) return type.cast(r);
        throw new CircuitLensException(r.meta().file() + ": is " + article(r.meta().kind().command()) + " " + r.meta().kind().command()
                + " result, but " + use + " needs " + WHAT.get(type));
    }

    /** All of {@code rs} as {@code type}. */
    public static <T extends Result> List<T> all(List<Result> rs, Class<T> type, String use) {
        return rs.stream().map(r -> as(r, type, use)).toList();
    }

    /** Exactly {@code n} results, or an error saying how many {@code use} takes. */
    public static void count(List<?> rs, int n, String use) {
        if (rs.size() != n) throw new CircuitLensException(use + " takes " + n + " result file" + (n == 1 ? "" : "s") + ", got " + rs.size());
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
