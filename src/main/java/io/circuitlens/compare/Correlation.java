package io.circuitlens.compare;

/** The three correlations compare reports, in the order of its output columns. */
public enum Correlation {
    PEARSON("pearson", "Pearson"),
    /** Pearson of average ranks (ties share their mean rank). */
    SPEARMAN("spearman", "Spearman"),
    /** tau-b: the tie-corrected tau, so that many exactly-zero scores (unscored layers) do not bias it. */
    KENDALL_TAU_B("kendall_tau_b", "Kendall tau-b");

    private final String key;
    private final String title;

    Correlation(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** Name in files (JSON keys, the safetensors column list). */
    public String key() {
        return key;
    }

    /** Name in printed tables. */
    public String title() {
        return title;
    }

    /** The correlation of x and y; NaN when undefined (a constant vector, fewer than two values). */
    public double of(double[] x, double[] y) {
        return switch (this) {
            case PEARSON -> Pearson.r(x, y);
            case SPEARMAN -> {
                Pearson.checkLengths(x, y);
                yield Pearson.r(Ranks.average(x), Ranks.average(y));
            }
            case KENDALL_TAU_B -> KendallTauB.tau(x, y);
        };
    }
}
