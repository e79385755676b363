package io.circuitlens.report;

import io.circuitlens.circuit.Direction;

import java.nio.file.Path;

/** Run in a child JVM by {@link BundledFontTest} on a machine view without system fonts: writes a PNG heatmap. */
public final class FontlessRender {
    private FontlessRender() {}

    public static void main(String[] args) {
        Pictures.write(ScorePlots.heads(Synthetic.heads("ap.safetensors", "ap", Direction.CLEAN_TO_CORRUPTED), -1), Path.of(args[0]));
    }
}
