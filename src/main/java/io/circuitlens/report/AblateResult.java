package io.circuitlens.report;

/** An {@code ablate} result: the metric per prompt of the full model, the corrupted run and the ablated model. */
public record AblateResult(ResultMeta meta, float[] full, float[] corrupted, float[] ablated) implements Result {}
