package io.circuitlens.report;

/** Line and bar colours: the ten Tableau categorical colours, and a dark-to-light ramp for many ordered series (layers). */
final class Palette {
    private static final Rgb[] CATEGORICAL = {
            new Rgb(0x1f, 0x77, 0xb4), new Rgb(0xff, 0x7f, 0x0e), new Rgb(0x2c, 0xa0, 0x2c), new Rgb(0xd6, 0x27, 0x28),
            new Rgb(0x94, 0x67, 0xbd), new Rgb(0x8c, 0x56, 0x4b), new Rgb(0xe3, 0x77, 0xc2), new Rgb(0x7f, 0x7f, 0x7f),
            new Rgb(0xbc, 0xbd, 0x22), new Rgb(0x17, 0xbe, 0xcf)};
    /** Viridis at five stops: ordered, colour-blind safe, readable on white up to the yellow end. */
    private static final Rgb[] RAMP = {new Rgb(0x44, 0x01, 0x54), new Rgb(0x3b, 0x52, 0x8b), new Rgb(0x21, 0x91, 0x8c),
            new Rgb(0x5e, 0xc9, 0x62), new Rgb(0xc8, 0xd8, 0x1a)};
    static final Rgb POSITIVE = new Rgb(0x21, 0x66, 0xac);
    static final Rgb NEGATIVE = new Rgb(0xb2, 0x18, 0x2b);

    private Palette() {}

    /** Colour i of n series: categorical up to ten, else evenly along the ramp (series are then ordered, e.g. layers). */
    static Rgb color(int i, int n) {
        if (n <= CATEGORICAL.length) return CATEGORICAL[i % CATEGORICAL.length];
        double t = n == 1 ? 0 : (double) i / (n - 1) * (RAMP.length - 1);
        int k = Math.min((int) t, RAMP.length - 2);
        return RAMP[k].mix(RAMP[k + 1], t - k);
    }
}
