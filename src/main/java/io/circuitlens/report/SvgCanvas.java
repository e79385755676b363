package io.circuitlens.report;

import java.util.Locale;

/**
 * Writes a figure as a standalone SVG 1.1 document. Text stays text (selectable, searchable, editable in a vector
 * editor) in a sans-serif font list that every viewer resolves; no font is needed to write it. Tooltips become
 * {@code <title>} children, which browsers show on hover.
 */
public final class SvgCanvas implements Canvas {
    private final StringBuilder out = new StringBuilder();
    private final int width;
    private final int height;

    private SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The figure as an SVG document. */
    public static String render(Figure f) {
        SvgCanvas c = new SvgCanvas(f.width(), f.height());
        c.rect(0, 0, f.width(), f.height(), Rgb.WHITE, null, null);
        f.draw(c);
        return c.document();
    }

    private String document() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"'Liberation Sans', Arial, Helvetica, 'DejaVu Sans', sans-serif\">\n"
                + out + "</svg>\n";
    }

    @Override
    public void rect(double x, double y, double w, double h, Rgb fill, Rgb stroke, String tooltip) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w)).append("\" height=\"")
                .append(n(h)).append("\" fill=\"").append(fill.hex()).append('"');
        if (stroke != null) out.append(" stroke=\"").append(stroke.hex()).append("\" stroke-width=\"1\"");
        close("rect", tooltip);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Rgb color, double width, boolean dashed) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2)).append("\" y2=\"")
                .append(n(y2)).append('"');
        stroke(color, width, dashed);
        out.append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, Rgb color, double width, boolean dashed) {
        out.append("<polyline points=\"").append(points(xs, ys)).append("\" fill=\"none\"");
        stroke(color, width, dashed);
        out.append(" stroke-linejoin=\"round\"/>\n");
    }

    @Override
    public void polygon(double[] xs, double[] ys, Rgb fill, double opacity) {
        out.append("<polygon points=\"").append(points(xs, ys)).append("\" fill=\"").append(fill.hex()).append("\" fill-opacity=\"")
                .append(n(opacity)).append("\" stroke=\"none\"/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Rgb fill, double opacity, String tooltip) {
        out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r)).append("\" fill=\"")
                .append(fill.hex()).append("\" fill-opacity=\"").append(n(opacity)).append('"');
        close("circle", tooltip);
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, Rgb color, boolean bold, double degrees) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size)).append('"');
        if (anchor != Anchor.START) out.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        if (!color.equals(Rgb.BLACK)) out.append(" fill=\"").append(color.hex()).append('"');
        if (bold) out.append(" font-weight=\"bold\"");
        if (degrees != 0) out.append(" transform=\"rotate(").append(n(degrees)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
        out.append(" xml:space=\"preserve\">").append(escape(text)).append("</text>\n");
    }

    private void stroke(Rgb color, double width, boolean dashed) {
        out.append(" stroke=\"").append(color.hex()).append("\" stroke-width=\"").append(n(width)).append('"');
        if (dashed) out.append(" stroke-dasharray=\"5,4\"");
    }

    private void close(String element, String tooltip) {
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></").append(element).append(">\n");
        }
    }

    private static String points(double[] xs, double[] ys) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) b.append(' ');
            b.append(n(xs[i])).append(',').append(n(ys[i]));
        }
        return b.toString();
    }

    /** Two decimals are finer than any screen or print needs and keep files small. */
    private static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** XML text and attribute escaping; characters XML 1.0 forbids (control bytes in token strings) become U+FFFD. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' || ch == 0xFFFE || ch == 0xFFFF ? '\uFFFD' : ch);
            }
        }
        return b.toString();
    }
}
