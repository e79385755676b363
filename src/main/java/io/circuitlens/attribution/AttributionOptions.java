package io.circuitlens.attribution;

import java.util.List;

/**
 * How to attribute: the method, which granularities to score, the IG path's quadrature, Split IG's cut, whether to
 * save path curves (and for which single components), and whether to divide scores by the number of elements
 * (the mean-based convention of some earlier work; the default keeps sums, which keep the metric's units and
 * completeness).
 */
public record AttributionOptions(Method method, List<Granularity> granularities, Quadrature quadrature, double splitRatio,
                                 SplitRule splitRule, boolean pathCurves, List<String> pathComponents, boolean reduceMean) {
    public AttributionOptions {
        granularities = List.copyOf(granularities);
        pathComponents = List.copyOf(pathComponents);
    }

    public static AttributionOptions of(Method method, List<Granularity> granularities) {
        return new AttributionOptions(method, granularities, Quadrature.of(Quadrature.DEFAULT_RULE, 50), 0.9, SplitRule.ENDPOINTS,
                false, List.of(), false);
    }

    public AttributionOptions withQuadrature(Quadrature q) {
        return new AttributionOptions(method, granularities, q, splitRatio, splitRule, pathCurves, pathComponents, reduceMean);
    }

    public AttributionOptions withSplit(double ratio, SplitRule rule) {
        return new AttributionOptions(method, granularities, quadrature, ratio, rule, pathCurves, pathComponents, reduceMean);
    }

    public AttributionOptions withPathCurves(boolean curves, List<String> components) {
        return new AttributionOptions(method, granularities, quadrature, splitRatio, splitRule, curves, components, reduceMean);
    }

    public AttributionOptions withReduceMean(boolean mean) {
        return new AttributionOptions(method, granularities, quadrature, splitRatio, splitRule, pathCurves, pathComponents, mean);
    }
}
