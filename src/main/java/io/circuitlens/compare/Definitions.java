package io.circuitlens.compare;

/**
 * The conventions behind compare's and latent's numbers, in words: printed with the results and stored in their
 * metadata, so a file read months later still says what its numbers mean.
 */
public final class Definitions {
    private Definitions() {}

    public static final String CORRELATIONS = "Pearson, Spearman (average ranks for ties) and Kendall tau-b over the "
            + "components of a kind, per prompt (mean and sample std over the prompts where both are non-constant) and on "
            + "the prompt-averaged scores";
    public static final String TOP_K = "top-k sets by |prompt-averaged score|, ties to the lower component index; "
            + "overlap = Jaccard |A and B| / |A or B|";
    public static final String OUTLIERS = "disagreement = |a / sum|a| - b / sum|b||, a and b the prompt-averaged scores: "
            + "each method scaled by its own total absolute score (share of its attribution mass)";
    public static final String GROUND_TRUTH = "ground-truth set = components whose |prompt-averaged ablation effect| is at "
            + "least the threshold fraction of the largest one; precision = |top-k and set| / k, recall = |top-k and set| / |set|";
    public static final String ORIENTATION = "when the directions differ the clean-to-corrupted scores are negated: "
            + "positive = the component carries the clean behaviour";

    public static final String CONVENTION = "noising = clean-to-corrupted: the clean run with one component moved to its "
            + "corrupted value; measures what the clean behaviour NEEDS. denoising = corrupted-to-clean: the corrupted run "
            + "with one component restored to its clean value; measures what SUFFICES to restore it";
    public static final String FRACTIONS = "fraction = prompt-averaged score / the direction's full effect (mean "
            + "metric_corrupted - mean metric_clean for noising, the opposite for denoising): the share of the whole "
            + "clean/corrupted change that moving this component alone produces; positive = it moves the metric the way "
            + "the full move does";
    public static final String ASYMMETRY = "asymmetry = |noising fraction| - |denoising fraction|: > 0 needed more than "
            + "sufficient (e.g. one of several parts that must all be present), < 0 sufficient more than needed (e.g. a "
            + "backup that others compensate for when it is removed)";
    public static final String ONE_DIRECTION = "matters in one direction only: |fraction| >= large in that direction and "
            + "<= small in the other (only_in = +1 noising only, -1 denoising only, 0 neither)";
}
