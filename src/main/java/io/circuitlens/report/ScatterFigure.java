package io.circuitlens.report;

import io.circuitlens.report.Canvas.Anchor;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One method's score against another's per component, both axes on the same range so that the dashed y = x line is
 * the diagonal; the components farthest from it are labelled.
 */
public final class ScatterFigure implements Figure {
    public record Point(double x, double y, String label) {}

    private static final double MARGIN = 16;
    private static final double LEFT = 90;
    private static final double TOP = 52;
    private static final double SIDE = 420;

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Point> points;
    private final int labelled;
    private final Plane plane;

    public ScatterFigure(String title, String xTitle, String yTitle, List<Point> points, int labelled) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.points = List.copyOf(points);
        this.labelled = labelled;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            for (double v : new double[] {p.x(), p.y()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = -1;
            hi = 1;
        }
        Scale s = Scale.padded(lo, hi, 0, 1);
        this.plane = Plane.of(LEFT, TOP, SIDE, SIDE, s.min(), s.max(), false, s.min(), s.max());
    }

    @Override
    public int width() {
        return (int) Math.ceil(Math.max(LEFT + SIDE + 40, Canvas.textWidth(title, 15) + 2 * MARGIN));
    }

    @Override
    public int height() {
        return (int) (TOP + SIDE + 60);
    }

    @Override
    public void draw(Canvas c) {
        c.text(width() / 2.0, MARGIN + 18, title, 15, Anchor.MIDDLE, Rgb.BLACK, true, 0);
        plane.drawAxes(c, xTitle, yTitle);
        double lo = plane.x().min();
        double hi = plane.x().max();
        c.line(plane.px(lo), plane.py(lo), plane.px(hi), plane.py(hi), Rgb.GREY, 1.2, true);
        double mid = (lo + hi) / 2; // below the middle of the diagonal, clear of the line and the corners' points
        c.text(plane.px(mid) + 12, plane.py(mid) + 16, "y = x", 11, Anchor.START, Rgb.GREY, false, 0);
        double radius = points.size() > 2000 ? 1.6 : points.size() > 300 ? 2.4 : 4;
        for (Point p : points) {
            if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) continue;
            c.circle(plane.px(p.x()), plane.py(p.y()), radius, Palette.POSITIVE, 0.65,
                    p.label() + ": " + Scale.number(p.x()) + ", " + Scale.number(p.y()));
        }
        IntStream.range(0, points.size()).boxed()
                .filter(i -> Double.isFinite(points.get(i).x()) && Double.isFinite(points.get(i).y()))
                .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(points.get(i).y() - points.get(i).x())).thenComparing(i -> i))
                .limit(labelled)
                .forEach(i -> {
                    Point p = points.get(i);
                    c.text(plane.px(p.x()) + 6, plane.py(p.y()) - 5, p.label(), 11, Anchor.START, Rgb.BLACK, false, 0);
                });
    }
}
