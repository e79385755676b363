package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Paints a figure into a bitmap with Java2D (headless) and the bundled font. {@code scale} multiplies every
 * coordinate: 2 gives a picture sharp enough for a paper at the figure's nominal size.
 */
public final class PngCanvas implements Canvas {
    private final Graphics2D g;

    private PngCanvas(Graphics2D g) {
        this.g = g;
    }

    /** The figure as an RGB image {@code scale} times its nominal size. */
    public static BufferedImage image(Figure f, double scale) {
        java.awt.Font base = BundledFont.base(); // before any other AWT text use: see BundledFont
        BufferedImage img = new BufferedImage((int) Math.ceil(f.width() * scale), (int) Math.ceil(f.height() * scale), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            g.setFont(base.deriveFont(12f));
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(0, 0, f.width(), f.height()));
            f.draw(new PngCanvas(g));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** PNG bytes of {@link #image}. */
    public static byte[] png(Figure f, double scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image(f, scale), "png", out)) throw new CircuitLensException("this Java has no PNG writer");
        } catch (IOException e) {
            throw new CircuitLensException("cannot encode the PNG (" + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }

    @Override
    public void rect(double x, double y, double w, double h, Rgb fill, Rgb stroke, String tooltip) {
        Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
        g.setColor(color(fill));
        g.fill(r);
        if (stroke != null) {
            g.setColor(color(stroke));
            g.setStroke(new BasicStroke(1f));
            g.draw(r);
        }
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Rgb color, double width, boolean dashed) {
        g.setColor(color(color));
        g.setStroke(stroke(width, dashed));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xs, double[] ys, Rgb color, double width, boolean dashed) {
        if (xs.length == 0) return;
        g.setColor(color(color));
        g.setStroke(stroke(width, dashed));
        g.draw(path(xs, ys, false));
    }

    @Override
    public void polygon(double[] xs, double[] ys, Rgb fill, double opacity) {
        if (xs.length == 0) return;
        var old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
        g.setColor(color(fill));
        g.fill(path(xs, ys, true));
        g.setComposite(old);
    }

    @Override
    public void circle(double cx, double cy, double r, Rgb fill, double opacity, String tooltip) {
        var old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
        g.setColor(color(fill));
        g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        g.setComposite(old);
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, Rgb color, boolean bold, double degrees) {
        java.awt.Font f = BundledFont.base().deriveFont(bold ? java.awt.Font.BOLD : java.awt.Font.PLAIN, (float) size);
        g.setFont(f);
        g.setColor(color(color));
        double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double dx = switch (anchor) {
            case START -> 0;
            case MIDDLE -> -w / 2;
            case END -> -w;
        };
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (degrees != 0) g.rotate(Math.toRadians(degrees));
        g.drawString(text, (float) dx, 0f);
        g.setTransform(saved);
    }

    private static Path2D path(double[] xs, double[] ys, boolean closed) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) p.lineTo(xs[i], ys[i]);
        if (closed) p.closePath();
        return p;
    }

    private static BasicStroke stroke(double width, boolean dashed) {
        return dashed
                ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5f, 4f}, 0f)
                : new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private static Color color(Rgb c) {
        return new Color(c.r(), c.g(), c.b());
    }
}
