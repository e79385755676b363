package io.circuitlens.report;

/** A result file read into memory: one record per kind of command output. */
public sealed interface Result permits AttributionResult, CurveResult, FaithfulnessResult, AblateResult {
    ResultMeta meta();
}
