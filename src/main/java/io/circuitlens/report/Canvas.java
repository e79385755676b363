package io.circuitlens.report;

/**
 * The drawing primitives every picture is made of, in pixels from the top-left corner. One figure draws itself once
 * onto this interface; {@link SvgCanvas} writes SVG elements and {@link PngCanvas} paints a bitmap, so the two formats
 * show the same picture.
 */
public interface Canvas {
    /** Horizontal placement of text relative to its x. */
    enum Anchor { START, MIDDLE, END }

    /** A filled rectangle; {@code stroke} may be null; {@code tooltip} (null for none) is what a viewer shows on hover. */
    void rect(double x, double y, double w, double h, Rgb fill, Rgb stroke, String tooltip);

    void line(double x1, double y1, double x2, double y2, Rgb color, double width, boolean dashed);

    void polyline(double[] xs, double[] ys, Rgb color, double width, boolean dashed);

    /** A filled polygon with the given opacity in [0, 1] (mean ± std bands). */
    void polygon(double[] xs, double[] ys, Rgb fill, double opacity);

    void circle(double cx, double cy, double r, Rgb fill, double opacity, String tooltip);

    /**
     * Text whose baseline starts (or is centred, or ends) at (x, y), rotated by {@code degrees} clockwise about that
     * point.
     */
    void text(double x, double y, String text, double size, Anchor anchor, Rgb color, boolean bold, double degrees);

    /** Approximate width of text in pixels, for layout (the same estimate on both canvases, so layouts agree). */
    static double textWidth(String text, double size) {
        return text.length() * size * 0.56;
    }
}
