package io.circuitlens.report;

/** A picture of a fixed size in pixels that can draw itself onto any {@link Canvas}. */
public interface Figure {
    int width();

    int height();

    void draw(Canvas c);
}
