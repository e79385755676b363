/**
 * Ablations and circuits: what happens to a task's metric when heads and neurons are taken out of the model.
 *
 * <p>A head ({@code L.H}) acts through its d_head slice of {@code attn.hook_z}, a neuron ({@code mL.N}) through its
 * column of {@code mlp.hook_post}, at every position. {@link io.circuitlens.ablation.Ablator} runs the clean
 * prompts with sets of them ablated (zero, mean, resample or amplify; see {@link io.circuitlens.ablation.Ablation})
 * and reads the metric per prompt at the last real token. Every (set, prompt) is one row of a batched pass: rows are
 * grouped by the earliest sublayer their set touches and start there from a cached residual stream, and passes are
 * split to a token budget, so a study of many sets costs a few large partial passes.
 *
 * <p>The studies built on it:
 * <ul>
 *   <li>{@link io.circuitlens.ablation.CumulativeAblation}: ablate in the order of a scores file, the metric after
 *       each step (step k = first k ablated; all steps batched).</li>
 *   <li>{@link io.circuitlens.ablation.GreedyPruning}: repeatedly remove the component whose removal keeps the mean
 *       metric highest (all candidates of a round batched, starting from the current state's residual stream).</li>
 *   <li>{@link io.circuitlens.ablation.Faithfulness}: circuits of the top k% by signed and absolute importance, their
 *       faithfulness f(k) and the CPR / CMD areas (trapezoid rule over k/100 ∈ [0, 1], end points k = 0 and 100
 *       always included).</li>
 *   <li>{@link io.circuitlens.ablation.SingleAblations}: each component alone, laid out like attribution scores.</li>
 *   <li>{@link io.circuitlens.ablation.CircuitExport}: a circuit as a model folder, the removed components' weights
 *       zeroed and their mean contributions folded into the output biases.</li>
 * </ul>
 *
 * <p>Conventions: means and standard deviations over prompts are population ones (numpy's default); ties in any
 * ordering keep the input order (canonically heads before neurons, then by layer and index); the signed importance
 * of a score is sign·score with the sign taken from the scores file's direction (see
 * {@link io.circuitlens.circuit.ScoreFile}).
 */
package io.circuitlens.ablation;
