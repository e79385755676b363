package io.circuitlens.report;

import io.circuitlens.report.Canvas.Anchor;

import java.util.List;

/**
 * Bars per named category (components, or the runs of an ablation), grouped when there are several series, with ±
 * error bars (std over prompts) where given. A single series is coloured by sign, as in the heatmaps (blue positive,
 * red negative).
 */
public final class BarsFigure implements Figure {
    /** One series: a value and optionally an error per category. */
    public record Bars(String name, double[] values, double[] errors) {}

    private static final double MARGIN = 16;
    private static final double LEFT = 88;
    private static final double TOP = 52;
    private static final double PLOT_H = 320;

    private final String title;
    private final String yTitle;
    private final List<String> categories;
    private final List<Bars> series;
    private final double slot;
    private final boolean turn;
    private final double labelH;
    private final Plane plane;

    public BarsFigure(String title, String yTitle, List<String> categories, List<Bars> series) {
        if (series.isEmpty() || categories.isEmpty()) throw new IllegalArgumentException("nothing to draw");
        for (Bars b : series) {
            if (b.values().length != categories.size()) throw new IllegalArgumentException(b.name() + ": value count differs from the categories");
        }
        this.title = title;
        this.yTitle = yTitle;
        this.categories = List.copyOf(categories);
        this.series = List.copyOf(series);
        this.slot = Math.max(18 * series.size() + 10, Math.min(70, 640.0 / categories.size()));
        double longest = categories.stream().mapToDouble(s -> Canvas.textWidth(s, 11)).max().orElse(0);
        this.turn = longest > slot - 4;
        this.labelH = turn ? longest * Math.sin(Math.toRadians(50)) + 16 : 20;
        double lo = 0, hi = 0;
        for (Bars b : series) {
            for (int i = 0; i < b.values().length; i++) {
                double e = b.errors() == null ? 0 : b.errors()[i];
                if (!Double.isFinite(b.values()[i])) continue;
                lo = Math.min(lo, b.values()[i] - e);
                hi = Math.max(hi, b.values()[i] + e);
            }
        }
        double pad = (hi - lo) * 0.06;
        this.plane = Plane.of(LEFT, TOP, slot * categories.size(), PLOT_H, 0, 1, false, lo - (lo < 0 ? pad : 0), hi + (hi > 0 ? pad : 0));
    }

    @Override
    public int width() {
        double legend = series.size() > 1 ? series.stream().mapToDouble(b -> Canvas.textWidth(b.name(), 12)).max().orElse(0) + 60 : 30;
        return (int) Math.ceil(Math.max(plane.right() + legend + MARGIN, Canvas.textWidth(title, 15) + 2 * MARGIN));
    }

    @Override
    public int height() {
        return (int) Math.ceil(TOP + PLOT_H + labelH + 20 + MARGIN);
    }

    @Override
    public void draw(Canvas c) {
        c.text(width() / 2.0, MARGIN + 18, title, 15, Anchor.MIDDLE, Rgb.BLACK, true, 0);
        Scale y = plane.y();
        for (double t : y.ticks(5)) {
            double p = plane.py(t);
            c.line(plane.left(), p, plane.right(), p, Rgb.LIGHT_GREY, 1, false);
            c.text(plane.left() - 7, p + 4, y.label(t, 5), 11, Anchor.END, Rgb.BLACK, false, 0);
        }
        c.text(plane.left() - 56, plane.top() + PLOT_H / 2, yTitle, Plane.TITLE_FONT, Anchor.MIDDLE, Rgb.BLACK, false, -90);
        int n = series.size();
        double barW = (slot - 8) / n;
        double zero = plane.py(0);
        for (int k = 0; k < categories.size(); k++) {
            double x0 = plane.left() + k * slot + 4;
            for (int s = 0; s < n; s++) {
                Bars b = series.get(s);
                double v = b.values()[k];
                if (!Double.isFinite(v)) continue;
                Rgb color = n == 1 ? (v >= 0 ? Palette.POSITIVE : Palette.NEGATIVE) : Palette.color(s, n);
                double top = Math.min(zero, plane.py(v));
                double bx = x0 + s * barW;
                c.rect(bx + 1, top, barW - 2, Math.abs(plane.py(v) - zero), color, null,
                        categories.get(k) + (n > 1 ? " (" + b.name() + ")" : "") + ": " + Scale.number(v)
                                + (b.errors() == null ? "" : " ± " + Scale.number(b.errors()[k])));
                if (b.errors() != null && b.errors()[k] > 0) {
                    double cx = bx + barW / 2;
                    double e1 = plane.py(v + b.errors()[k]);
                    double e2 = plane.py(v - b.errors()[k]);
                    c.line(cx, e1, cx, e2, Rgb.BLACK, 1, false);
                    c.line(cx - 3, e1, cx + 3, e1, Rgb.BLACK, 1, false);
                    c.line(cx - 3, e2, cx + 3, e2, Rgb.BLACK, 1, false);
                }
            }
            double cx = plane.left() + (k + 0.5) * slot;
            if (turn) {
                c.text(cx + 3, plane.bottom() + 12, categories.get(k), 11, Anchor.END, Rgb.BLACK, false, -50);
            } else {
                c.text(cx, plane.bottom() + 16, categories.get(k), 11, Anchor.MIDDLE, Rgb.BLACK, false, 0);
            }
        }
        c.line(plane.left(), zero, plane.right(), zero, Rgb.BLACK, 1, false);
        c.line(plane.left(), plane.top(), plane.left(), plane.bottom(), Rgb.BLACK, 1, false);
        if (n > 1) {
            double lx = plane.right() + 20;
            for (int s = 0; s < n; s++) {
                double ly = plane.top() + 8 + 20 * s;
                c.rect(lx, ly - 6, 14, 12, Palette.color(s, n), null, null);
                c.text(lx + 20, ly + 4, series.get(s).name(), 12, Anchor.START, Rgb.BLACK, false, 0);
            }
        }
    }
}
