package io.circuitlens.report;

import io.circuitlens.report.Canvas.Anchor;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines over a shared x axis, each optionally with a shaded band (mean ± std) and a marked x (where Split IG cuts the
 * path), plus a legend: cumulative ablation and pruning curves, faithfulness, the metric along the IG path.
 */
public final class LineFigure implements Figure {
    /** One line; {@code lower}/{@code upper} null for no band; {@code mark} NaN for no marked x. */
    public record Series(String name, double[] x, double[] y, double[] lower, double[] upper, double mark) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values");
        }

        public static Series plain(String name, double[] x, double[] y) {
            return new Series(name, x, y, null, null, Double.NaN);
        }

        /** mean ± std as a band. */
        public static Series band(String name, double[] x, double[] mean, double[] std) {
            double[] lo = new double[mean.length];
            double[] hi = new double[mean.length];
            for (int i = 0; i < mean.length; i++) {
                lo[i] = mean[i] - std[i];
                hi[i] = mean[i] + std[i];
            }
            return new Series(name, x, mean, lo, hi, Double.NaN);
        }

        public Series marked(double x) {
            return new Series(name, this.x, y, lower, upper, x);
        }
    }

    private static final double MARGIN = 16;
    private static final double LEFT = 84;
    private static final double TOP = 52;
    private static final double PLOT_W = 560;
    private static final double PLOT_H = 340;
    private static final double BOTTOM = 58;
    private static final double LEGEND_FONT = 12;

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Series> series;
    private final String markLegend;
    private final double refY;
    private final Plane plane;
    private final double legendW;

    /**
     * @param markLegend legend text of the marked x values (null when no series has one)
     * @param refY       a dashed reference level (NaN for none), e.g. f = 1 for faithfulness
     * @param xRange     {lo, hi} of the x axis, or null to fit the data
     */
    public LineFigure(String title, String xTitle, String yTitle, boolean logX, List<Series> series, String markLegend, double refY, double[] xRange) {
        if (series.isEmpty()) throw new IllegalArgumentException("no series");
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.series = List.copyOf(series);
        this.markLegend = markLegend;
        this.refY = refY;
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || logX && s.x()[i] <= 0) continue;
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                for (double[] v : new double[][] {s.y(), s.lower(), s.upper()}) {
                    if (v != null && Double.isFinite(v[i])) {
                        yMin = Math.min(yMin, v[i]);
                        yMax = Math.max(yMax, v[i]);
                    }
                }
            }
        }
        if (xRange != null) {
            xMin = xRange[0];
            xMax = xRange[1];
        }
        if (Double.isFinite(refY)) {
            yMin = Math.min(yMin, refY);
            yMax = Math.max(yMax, refY);
        }
        if (!Double.isFinite(xMin)) {
            xMin = logX ? 1 : 0;
            xMax = xMin + 1;
        }
        if (!Double.isFinite(yMin)) {
            yMin = 0;
            yMax = 1;
        }
        double pad = (yMax - yMin) * 0.05;
        this.plane = Plane.of(LEFT, TOP, PLOT_W, PLOT_H, xMin, xMax, logX, yMin - pad, yMax + pad);
        double lw = markLegend == null ? 0 : Canvas.textWidth(markLegend, LEGEND_FONT);
        for (Series s : series) lw = Math.max(lw, Canvas.textWidth(s.name(), LEGEND_FONT));
        this.legendW = lw + 44;
    }

    @Override
    public int width() {
        return (int) Math.ceil(Math.max(LEFT + PLOT_W + 20 + legendW + MARGIN, Canvas.textWidth(title, 16) + 2 * MARGIN));
    }

    @Override
    public int height() {
        return (int) Math.ceil(Math.max(TOP + PLOT_H + BOTTOM, TOP + 20 * (series.size() + 2)));
    }

    @Override
    public void draw(Canvas c) {
        c.text(width() / 2.0, MARGIN + 18, title, 16, Anchor.MIDDLE, Rgb.BLACK, true, 0);
        plane.drawAxes(c, xTitle, yTitle);
        if (Double.isFinite(refY)) plane.hline(c, refY, Rgb.GREY, true);
        int n = series.size();
        for (int i = 0; i < n; i++) {
            Series s = series.get(i);
            if (s.lower() != null) band(c, s, Palette.color(i, n));
        }
        for (int i = 0; i < n; i++) {
            Series s = series.get(i);
            Rgb color = Palette.color(i, n);
            List<double[]> pts = points(s.x(), s.y());
            c.polyline(pts.get(0), pts.get(1), color, 2, false);
            if (pts.get(0).length <= 40) {
                for (int k = 0; k < pts.get(0).length; k++) c.circle(pts.get(0)[k], pts.get(1)[k], 2.6, color, 1, null);
            }
            if (Double.isFinite(s.mark()) && s.mark() >= plane.x().min() && s.mark() <= plane.x().max()) {
                double mx = plane.px(s.mark());
                c.line(mx, plane.top(), mx, plane.bottom(), color, 1.2, true);
            }
        }
        legend(c);
    }

    private void band(Canvas c, Series s, Rgb color) {
        List<double[]> up = points(s.x(), s.upper());
        List<double[]> lo = points(s.x(), s.lower());
        int m = up.get(0).length;
        int k = lo.get(0).length;
        double[] xs = new double[m + k];
        double[] ys = new double[m + k];
        for (int i = 0; i < m; i++) {
            xs[i] = up.get(0)[i];
            ys[i] = up.get(1)[i];
        }
        for (int i = 0; i < k; i++) {
            xs[m + i] = lo.get(0)[k - 1 - i];
            ys[m + i] = lo.get(1)[k - 1 - i];
        }
        c.polygon(xs, ys, color, 0.18);
    }

    /** Pixel coordinates of the drawable points (finite, and positive x on a log axis). */
    private List<double[]> points(double[] x, double[] y) {
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || plane.x().log() && x[i] <= 0) continue;
            px.add(plane.px(x[i]));
            py.add(plane.py(y[i]));
        }
        return List.of(px.stream().mapToDouble(Double::doubleValue).toArray(), py.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private void legend(Canvas c) {
        double x = plane.right() + 20;
        double y = plane.top() + 8;
        int n = series.size();
        for (int i = 0; i < n; i++) {
            Rgb color = Palette.color(i, n);
            c.line(x, y, x + 24, y, color, 2.5, false);
            c.text(x + 30, y + 4, series.get(i).name(), LEGEND_FONT, Anchor.START, Rgb.BLACK, false, 0);
            y += 20;
        }
        if (series.stream().anyMatch(s -> s.lower() != null)) {
            c.rect(x, y - 6, 24, 12, Palette.color(0, n).mix(Rgb.WHITE, 0.8), null, null);
            c.text(x + 30, y + 4, "± std over prompts", LEGEND_FONT, Anchor.START, Rgb.BLACK, false, 0);
            y += 20;
        }
        if (markLegend != null) {
            c.line(x + 12, y - 7, x + 12, y + 7, Rgb.GREY, 1.2, true);
            c.text(x + 30, y + 4, markLegend, LEGEND_FONT, Anchor.START, Rgb.BLACK, false, 0);
        }
    }
}
