package io.circuitlens.attribution;

import io.circuitlens.circuit.Direction;
import io.circuitlens.circuit.Granularity;

import java.util.List;

/**
 * How to attribute: the method, which granularities to score, the IG path's quadrature, Split IG's cut, whether to
 * save path curves (and for which single components), and whether to divide scores by the number of elements
 * (the mean-based convention of some earlier work; the default keeps sums, which keep the metric's units and
 * completeness).
 */
public record AttributionOptions(Method method, Direction direction, List<Granularity> granularities, Quadrature quadrature,
                                 double splitRatio, SplitRule splitRule, boolean pathCurves, List<String> pathComponents,
                                 boolean reduceMean, int[] layers) {
    public AttributionOptions {
        granularities = List.copyOf(granularities);
        pathComponents = List.copyOf(pathComponents);
        layers = layers == null ? null : layers.clone();
    }

    /** Whether layer l is scored (AP and IG skip the others, leaving their scores 0; null means every layer). */
    public boolean scores(int layer) {
        if (layers == null) return true;
        for (int l : layers) if (l == layer) return true;
        return false;
    }

    /** Restrict AP and IG to these layers (the expensive methods; AtP always covers every layer). */
    public AttributionOptions withLayers(int[] only) {
        return new AttributionOptions(method, direction, granularities, quadrature, splitRatio, splitRule, pathCurves, pathComponents,
                reduceMean, only);
    }

    /** The defaults: noising (clean-to-corrupted), 50 Gauss–Legendre steps, Split IG at 0.9 of the path's change. */
    public static AttributionOptions of(Method method, List<Granularity> granularities) {
        return new AttributionOptions(method, Direction.CLEAN_TO_CORRUPTED, granularities, Quadrature.of(Quadrature.DEFAULT_RULE, 50), 0.9,
                SplitRule.ENDPOINTS, false, List.of(), false, null);
    }

    public AttributionOptions withDirection(Direction d) {
        return new AttributionOptions(method, d, granularities, quadrature, splitRatio, splitRule, pathCurves, pathComponents, reduceMean,
                layers);
    }

    public AttributionOptions withQuadrature(Quadrature q) {
        return new AttributionOptions(method, direction, granularities, q, splitRatio, splitRule, pathCurves, pathComponents, reduceMean,
                layers);
    }

    public AttributionOptions withSplit(double ratio, SplitRule rule) {
        return new AttributionOptions(method, direction, granularities, quadrature, ratio, rule, pathCurves, pathComponents, reduceMean,
                layers);
    }

    public AttributionOptions withPathCurves(boolean curves, List<String> components) {
        return new AttributionOptions(method, direction, granularities, quadrature, splitRatio, splitRule, curves, components, reduceMean,
                layers);
    }

    public AttributionOptions withReduceMean(boolean mean) {
        return new AttributionOptions(method, direction, granularities, quadrature, splitRatio, splitRule, pathCurves, pathComponents, mean,
                layers);
    }
}
