package io.circuitlens.report;

import io.circuitlens.report.Canvas.Anchor;

import java.util.List;

/**
 * One or more heatmap panels side by side on one colour scale, with a colour bar: layer × head scores, two methods
 * compared, layer × neuron bins, attention patterns. Cells are square when they are large enough to read; axis labels
 * are thinned (and column labels turned) when cells get too small for them.
 */
public final class HeatmapFigure implements Figure {
    private static final double MARGIN = 16;
    private static final double TITLE_H = 34;
    private static final double PANEL_TITLE_H = 22;
    private static final double AXIS_TITLE = 22;
    private static final double GAP = 28;
    private static final double BAR_W = 120;
    private static final double LABEL_FONT = 11;
    private static final double MAX_CELL = 46;

    private final String title;
    private final List<Grid> panels;
    private final ColorScale scale;
    private final String barTitle;
    private final double cellW;
    private final double cellH;
    private final double rowLabelW;
    private final boolean turnCols;
    private final double colLabelH;
    private final int width;
    private final int height;

    public HeatmapFigure(String title, List<Grid> panels, ColorScale scale, String barTitle) {
        if (panels.isEmpty()) throw new IllegalArgumentException("no panels");
        this.title = title;
        this.panels = List.copyOf(panels);
        this.scale = scale;
        this.barTitle = barTitle;
        int rows = panels.stream().mapToInt(Grid::rows).max().orElse(1);
        int cols = panels.stream().mapToInt(Grid::cols).max().orElse(1);
        double maxPanelW = panels.size() == 1 ? 760 : 1000.0 / panels.size();
        double w = clamp(Math.floor(maxPanelW / cols), 2, MAX_CELL);
        double h = clamp(Math.floor(560.0 / rows), 2, MAX_CELL);
        boolean text = panels.stream().anyMatch(p -> p.cellText() != null);
        if (w >= 14 && h >= 14) {
            w = h = Math.min(w, h); // square cells whenever they are readable
        } else {
            h = Math.min(h, 30);
        }
        if (text) w = Math.max(w, 34);
        this.cellW = w;
        this.cellH = h;
        double rl = 0;
        double cl = 0;
        for (Grid g : panels) {
            for (String s : g.rowLabels()) rl = Math.max(rl, Canvas.textWidth(s, LABEL_FONT));
            for (String s : g.colLabels()) cl = Math.max(cl, Canvas.textWidth(s, LABEL_FONT));
        }
        this.rowLabelW = rl + 8;
        this.turnCols = cl > cellW - 2;
        this.colLabelH = turnCols ? cl * Math.sin(Math.toRadians(50)) + 14 : 18;
        double blocks = 0;
        for (Grid g : panels) blocks += block(g);
        double wTotal = MARGIN + blocks + GAP * (panels.size() - 1) + BAR_W + MARGIN;
        double wTitle = Canvas.textWidth(title, 16) + 2 * MARGIN;
        this.width = (int) Math.ceil(Math.max(wTotal, wTitle));
        double gridH = Math.max(rows * cellH, 140);
        this.height = (int) Math.ceil(MARGIN + TITLE_H + PANEL_TITLE_H + gridH + colLabelH + AXIS_TITLE + MARGIN);
    }

    private double block(Grid g) {
        return AXIS_TITLE + rowLabelW + g.cols() * cellW;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void draw(Canvas c) {
        c.text(width / 2.0, MARGIN + 18, title, 16, Anchor.MIDDLE, Rgb.BLACK, true, 0);
        double top = MARGIN + TITLE_H + PANEL_TITLE_H;
        double x = MARGIN;
        double maxRows = 0;
        for (Grid g : panels) {
            drawPanel(c, g, x, top);
            x += block(g) + GAP;
            maxRows = Math.max(maxRows, g.rows() * cellH);
        }
        drawColorBar(c, x - GAP + 24, top, Math.max(maxRows, 140));
    }

    private void drawPanel(Canvas c, Grid g, double x0, double top) {
        double gx = x0 + AXIS_TITLE + rowLabelW;
        double gw = g.cols() * cellW;
        double gh = g.rows() * cellH;
        c.text(gx + gw / 2, top - 8, g.title(), 13, Anchor.MIDDLE, Rgb.BLACK, true, 0);
        for (int r = 0; r < g.rows(); r++) {
            for (int k = 0; k < g.cols(); k++) {
                int i = r * g.cols() + k;
                Rgb fill = scale.color(g.values()[i]);
                String tip = g.tooltips() == null ? null : g.tooltips()[i];
                c.rect(gx + k * cellW, top + r * cellH, cellW, cellH, fill, cellW >= 10 && cellH >= 10 ? Rgb.WHITE : null, tip);
                if (g.cellText() != null && g.cellText()[i] != null && cellH >= 14) {
                    Rgb ink = fill.luminance() < 0.45 ? Rgb.WHITE : Rgb.BLACK;
                    c.text(gx + (k + 0.5) * cellW, top + (r + 0.5) * cellH + 3.5, g.cellText()[i], Math.min(10, cellH * 0.6), Anchor.MIDDLE, ink, false, 0);
                }
            }
        }
        frame(c, gx, top, gw, gh);
        int rowStep = (int) Math.ceil(12 / cellH);
        for (int r = 0; r < g.rows(); r += rowStep) {
            c.text(gx - 5, top + (r + 0.5) * cellH + LABEL_FONT * 0.35, g.rowLabels().get(r), LABEL_FONT, Anchor.END, Rgb.BLACK, false, 0);
        }
        int colStep = turnCols ? (int) Math.ceil(12 / cellW) : 1;
        for (int k = 0; k < g.cols(); k += colStep) {
            double cx = gx + (k + 0.5) * cellW;
            if (turnCols) {
                c.text(cx + 3, top + gh + 10, g.colLabels().get(k), LABEL_FONT, Anchor.END, Rgb.BLACK, false, -50);
            } else {
                c.text(cx, top + gh + 14, g.colLabels().get(k), LABEL_FONT, Anchor.MIDDLE, Rgb.BLACK, false, 0);
            }
        }
        c.text(gx + gw / 2, top + gh + colLabelH + 14, g.colTitle(), Plane.TITLE_FONT, Anchor.MIDDLE, Rgb.BLACK, false, 0);
        c.text(x0 + 12, top + gh / 2, g.rowTitle(), Plane.TITLE_FONT, Anchor.MIDDLE, Rgb.BLACK, false, -90);
    }

    private static void frame(Canvas c, double x, double y, double w, double h) {
        c.line(x, y, x + w, y, Rgb.GREY, 1, false);
        c.line(x, y + h, x + w, y + h, Rgb.GREY, 1, false);
        c.line(x, y, x, y + h, Rgb.GREY, 1, false);
        c.line(x + w, y, x + w, y + h, Rgb.GREY, 1, false);
    }

    private void drawColorBar(Canvas c, double x, double top, double h) {
        int slices = 64;
        for (int i = 0; i < slices; i++) {
            double v = scale.max() - (i + 0.5) / slices * (scale.max() - scale.min());
            c.rect(x, top + i * h / slices, 16, h / slices + 0.5, scale.color(v), null, null);
        }
        c.line(x, top, x + 16, top, Rgb.GREY, 1, false);
        c.line(x, top + h, x + 16, top + h, Rgb.GREY, 1, false);
        double[] ticks = scale.isDiverging()
                ? new double[] {scale.max(), scale.max() / 2, 0, scale.min() / 2, scale.min()}
                : new double[] {scale.max(), (scale.max() + scale.min()) / 2, scale.min()};
        for (double t : ticks) {
            double y = top + (scale.max() - t) / (scale.max() - scale.min()) * h;
            c.line(x + 16, y, x + 20, y, Rgb.BLACK, 1, false);
            c.text(x + 23, y + 4, Scale.number(t), LABEL_FONT, Anchor.START, Rgb.BLACK, false, 0);
        }
        c.text(x + BAR_W - 20, top + h / 2, barTitle, Plane.TITLE_FONT, Anchor.MIDDLE, Rgb.BLACK, false, 90);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
