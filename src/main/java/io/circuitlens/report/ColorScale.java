package io.circuitlens.report;

/**
 * Maps a value to a colour by interpolating between anchor colours spread evenly over [min, max]. The diverging map
 * is ColorBrewer's RdBu (the map TransformerLens' demos and most patching figures use): negative red, zero white,
 * positive blue, centred on 0 with a symmetric range so that equal magnitudes get equal intensity.
 */
public record ColorScale(double min, double max, Rgb[] anchors) {
    private static final Rgb[] RD_BU = {
            new Rgb(0x67, 0x00, 0x1f), new Rgb(0xb2, 0x18, 0x2b), new Rgb(0xd6, 0x60, 0x4d), new Rgb(0xf4, 0xa5, 0x82),
            new Rgb(0xfd, 0xdb, 0xc7), new Rgb(0xf7, 0xf7, 0xf7), new Rgb(0xd1, 0xe5, 0xf0), new Rgb(0x92, 0xc5, 0xde),
            new Rgb(0x43, 0x93, 0xc3), new Rgb(0x21, 0x66, 0xac), new Rgb(0x05, 0x30, 0x61)};
    private static final Rgb[] BLUES = {
            new Rgb(0xf7, 0xfb, 0xff), new Rgb(0xde, 0xeb, 0xf7), new Rgb(0xc6, 0xdb, 0xef), new Rgb(0x9e, 0xca, 0xe1),
            new Rgb(0x6b, 0xae, 0xd6), new Rgb(0x42, 0x92, 0xc6), new Rgb(0x21, 0x71, 0xb5), new Rgb(0x08, 0x51, 0x9c),
            new Rgb(0x08, 0x30, 0x6b)};

    public ColorScale {
        if (!(max > min)) throw new IllegalArgumentException("empty colour range [" + min + ", " + max + "]");
        anchors = anchors.clone();
    }

    /** RdBu on [−limit, limit]; a zero or non-finite limit (all scores 0) becomes 1 so the map stays defined. */
    public static ColorScale diverging(double limit) {
        double l = limit > 0 && Double.isFinite(limit) ? limit : 1;
        return new ColorScale(-l, l, RD_BU);
    }

    /** The diverging scale whose limit is the largest |value| of all the arrays. */
    public static ColorScale divergingFor(double[]... values) {
        double l = 0;
        for (double[] v : values) for (double x : v) if (Double.isFinite(x)) l = Math.max(l, Math.abs(x));
        return diverging(l);
    }

    /** White to dark blue on [0, max] (attention probabilities). */
    public static ColorScale sequential(double max) {
        return new ColorScale(0, max > 0 ? max : 1, BLUES);
    }

    public Rgb color(double v) {
        if (Double.isNaN(v)) return Rgb.LIGHT_GREY;
        double t = (Math.max(min, Math.min(max, v)) - min) / (max - min) * (anchors.length - 1);
        int i = Math.min((int) Math.floor(t), anchors.length - 2);
        return anchors[i].mix(anchors[i + 1], t - i);
    }

    /** Whether the map is centred on 0 (then the colour bar marks 0). */
    public boolean isDiverging() {
        return min == -max;
    }
}
