package io.circuitlens.report;

/**
 * A {@code faithfulness} result: f(k) for circuits of the top k% components by signed and by absolute ranking, their
 * spread over prompts, and the areas CPR and CMD.
 *
 * <p>The spread: f(k) = (m̄(k) − m̄(empty)) / (m̄(full) − m̄(empty)) uses means over prompts, so it is the mean of the
 * per-prompt values f_p(k) = (m_p(k) − m̄(empty)) / (m̄(full) − m̄(empty)); {@code stdSigned}/{@code stdAbs} are the
 * population std of those (the per-prompt metric's spread in units of the full effect). Normalising each prompt by
 * its own full effect instead would blow up on prompts where that effect is near zero.
 */
public record FaithfulnessResult(ResultMeta meta, double[] kPercent, int[] kept, double[] fSigned, double[] fAbs, double[] stdSigned,
                                 double[] stdAbs, double cpr, double cmd, double cprAbs, double cmdSigned) implements Result {}
