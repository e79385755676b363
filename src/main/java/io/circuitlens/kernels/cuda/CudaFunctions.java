package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.cuda.CudaDriver.KernelFunction;

/**
 * Every kernel {@link CudaKernels} launches, resolved once when the backend opens (so a missing kernel or a PTX the
 * driver cannot load is reported at once, not mid-run). Grouped by family: the file {@code kernels/<family>.cu} and
 * the PTX module {@code <family>.ptx}. A new kernel is one field here and one line in the constructor.
 */
final class CudaFunctions {
    // elementwise.cu
    final KernelFunction add, mul, axpy, fill, copy, copy2d, sumHeads, biasRows;
    // embedding.cu
    final KernelFunction gatherRows, scatterAddRows;
    // layernorm.cu
    final KernelFunction layerNormScale, layerNormApply, layerNormApplyBackward, layerNormScaleBackward;
    // gelu.cu
    final KernelFunction geluNew, geluNewBackward;
    // attention.cu
    final KernelFunction attentionScores, causalSoftmax, attentionMix, attentionMixBackwardPattern, attentionMixBackwardValue,
            causalSoftmaxBackward, attentionScoresBackwardQuery, attentionScoresBackwardKey;
    // patch.cu
    final KernelFunction segmentStarts, patch, patchBackward;
    // rows.cu
    final KernelFunction layoutTables, gridRows, gatherLastRows, scatterAddLastRows, interpolatePromptRows, interpolatePromptBlocks;
    // metric.cu
    final KernelFunction metricReference, metric;
    // reduce.cu
    final KernelFunction groupedDot;

    CudaFunctions(CudaDriver d) {
        add = d.function("elementwise", "add");
        mul = d.function("elementwise", "mul");
        axpy = d.function("elementwise", "axpy");
        fill = d.function("elementwise", "fill");
        copy = d.function("elementwise", "copy");
        copy2d = d.function("elementwise", "copy2d");
        sumHeads = d.function("elementwise", "sumHeads");
        biasRows = d.function("elementwise", "biasRows");
        gatherRows = d.function("embedding", "gatherRows");
        scatterAddRows = d.function("embedding", "scatterAddRows");
        layerNormScale = d.function("layernorm", "layerNormScale");
        layerNormApply = d.function("layernorm", "layerNormApply");
        layerNormApplyBackward = d.function("layernorm", "layerNormApplyBackward");
        layerNormScaleBackward = d.function("layernorm", "layerNormScaleBackward");
        geluNew = d.function("gelu", "geluNew");
        geluNewBackward = d.function("gelu", "geluNewBackward");
        attentionScores = d.function("attention", "attentionScores");
        causalSoftmax = d.function("attention", "causalSoftmax");
        attentionMix = d.function("attention", "attentionMix");
        attentionMixBackwardPattern = d.function("attention", "attentionMixBackwardPattern");
        attentionMixBackwardValue = d.function("attention", "attentionMixBackwardValue");
        causalSoftmaxBackward = d.function("attention", "causalSoftmaxBackward");
        attentionScoresBackwardQuery = d.function("attention", "attentionScoresBackwardQuery");
        attentionScoresBackwardKey = d.function("attention", "attentionScoresBackwardKey");
        segmentStarts = d.function("patch", "segmentStarts");
        patch = d.function("patch", "patch");
        patchBackward = d.function("patch", "patchBackward");
        layoutTables = d.function("rows", "layoutTables");
        gridRows = d.function("rows", "gridRows");
        gatherLastRows = d.function("rows", "gatherLastRows");
        scatterAddLastRows = d.function("rows", "scatterAddLastRows");
        interpolatePromptRows = d.function("rows", "interpolatePromptRows");
        interpolatePromptBlocks = d.function("rows", "interpolatePromptBlocks");
        metricReference = d.function("metric", "metricReference");
        metric = d.function("metric", "metric");
        groupedDot = d.function("reduce", "groupedDot");
    }
}
