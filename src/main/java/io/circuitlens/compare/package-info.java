/**
 * Method comparison ({@code circuitlens compare}) and latent components ({@code circuitlens latent}) on results files
 * with per-component score tables {@code heads} [N, n_layer, n_head] and {@code neurons} [N, n_layer, d_mlp], as
 * {@code attribute} and the single-component ablation table write them.
 *
 * <h2>compare A B</h2>
 * Both files must hold the same tables in the same shape (same model, same prompts). When their run records give
 * different directions, the clean-to-corrupted file's scores are negated so that both read "positive = the component
 * carries the clean behaviour" ({@link io.circuitlens.compare.Orientation}). Per kind:
 * <ul>
 *   <li>Pearson, Spearman (average ranks for ties) and Kendall tau-b (Knight's O(n log n) algorithm) over components,
 *       per prompt (mean ± sample std over the prompts where both are non-constant) and on prompt-averaged scores;</li>
 *   <li>Jaccard overlap of the top-k sets by |prompt-averaged score| for k = 5, 10, 20, 50 and {@code --top-k};</li>
 *   <li>outliers: largest |a/Σ|a| − b/Σ|b||, each method scaled by its own total absolute score
 *       ({@link io.circuitlens.compare.Outliers} says why not the metric difference);</li>
 *   <li>with {@code --ground-truth}: precision and recall of each top-k set against the components whose |mean
 *       ablation effect| is at least {@code --gt-threshold} (0.1) of the largest ({@link io.circuitlens.compare.GroundTruth}).</li>
 * </ul>
 *
 * <h2>latent NOISING DENOISING</h2>
 * The two files are told apart by their run records (either order; two of one direction are refused). Each
 * direction's prompt-averaged scores are divided by its own full effect (noising: mean metric_corrupted − mean
 * metric_clean; denoising: the opposite), giving fractions of the whole behaviour; asymmetry = |noising| − |denoising|;
 * a component matters in one direction only when its |fraction| is ≥ {@code --large} (0.05) there and ≤
 * {@code --small} (0.01) in the other. Noising measures what the clean behaviour needs, denoising what suffices to
 * restore it ({@link io.circuitlens.compare.Definitions}).
 */
package io.circuitlens.compare;
