package io.circuitlens.report;

/** A colour as 8-bit sRGB channels: what both the SVG and the PNG canvas take (no AWT needed to build one). */
public record Rgb(int r, int g, int b) {
    public static final Rgb BLACK = new Rgb(0, 0, 0);
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    public static final Rgb GREY = new Rgb(120, 120, 120);
    public static final Rgb LIGHT_GREY = new Rgb(225, 225, 225);

    public Rgb {
        if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) throw new IllegalArgumentException("channel out of 0..255: " + r + "," + g + "," + b);
    }

    /** "#rrggbb". */
    public String hex() {
        return String.format("#%02x%02x%02x", r, g, b);
    }

    /** Linear blend: t = 0 gives this colour, 1 gives {@code o}. */
    public Rgb mix(Rgb o, double t) {
        return new Rgb(channel(r, o.r, t), channel(g, o.g, t), channel(b, o.b, t));
    }

    /** Relative luminance in [0, 1] (Rec. 709 weights on the gamma-encoded values: enough to pick black or white text). */
    public double luminance() {
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }

    private static int channel(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * Math.max(0, Math.min(1, t)));
    }
}
