package io.circuitlens.report;

import io.circuitlens.report.Canvas.Anchor;

/** The framed area of a chart with an x and a y scale: draws light grid lines, ticks, tick labels and axis titles. */
record Plane(double left, double top, double width, double height, Scale x, Scale y) {
    static final double TICK_FONT = 11;
    static final double TITLE_FONT = 13;
    private static final int X_TICKS = 6;
    private static final int Y_TICKS = 5;

    /** A plane whose scales map [xMin, xMax] and [yMin, yMax] onto the box (y grows upwards). */
    static Plane of(double left, double top, double width, double height, double xMin, double xMax, boolean logX, double yMin, double yMax) {
        Scale xs = logX ? Scale.log(xMin, xMax, left, left + width) : Scale.linear(xMin, xMax, left, left + width);
        return new Plane(left, top, width, height, xs, Scale.linear(yMin, yMax, top + height, top));
    }

    double bottom() {
        return top + height;
    }

    double right() {
        return left + width;
    }

    double px(double v) {
        return x.px(v);
    }

    double py(double v) {
        return y.px(v);
    }

    void drawAxes(Canvas c, String xTitle, String yTitle) {
        for (double t : y.ticks(Y_TICKS)) {
            double p = py(t);
            c.line(left, p, right(), p, Rgb.LIGHT_GREY, 1, false);
            c.line(left - 4, p, left, p, Rgb.BLACK, 1, false);
            c.text(left - 7, p + TICK_FONT * 0.35, y.label(t, Y_TICKS), TICK_FONT, Anchor.END, Rgb.BLACK, false, 0);
        }
        for (double t : x.ticks(X_TICKS)) {
            double p = px(t);
            c.line(p, top, p, bottom(), Rgb.LIGHT_GREY, 1, false);
            c.line(p, bottom(), p, bottom() + 4, Rgb.BLACK, 1, false);
            c.text(p, bottom() + 17, x.label(t, X_TICKS), TICK_FONT, Anchor.MIDDLE, Rgb.BLACK, false, 0);
        }
        c.line(left, top, left, bottom(), Rgb.BLACK, 1, false);
        c.line(left, bottom(), right(), bottom(), Rgb.BLACK, 1, false);
        c.text(left + width / 2, bottom() + 38, xTitle, TITLE_FONT, Anchor.MIDDLE, Rgb.BLACK, false, 0);
        c.text(left - 52, top + height / 2, yTitle, TITLE_FONT, Anchor.MIDDLE, Rgb.BLACK, false, -90);
    }

    /** A horizontal line across the plane at y = v (a reference level), if inside. */
    void hline(Canvas c, double v, Rgb color, boolean dashed) {
        if (v >= y.min() && v <= y.max()) c.line(left, py(v), right(), py(v), color, 1.2, dashed);
    }
}
