package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.AtomicFiles;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a figure to a file, SVG or PNG by the file's extension, atomically. */
public final class Pictures {
    /** PNG pixels per figure pixel: sharp in print at the figure's nominal size. */
    public static final double PNG_SCALE = 2;

    private Pictures() {}

    public enum Format {
        SVG, PNG;

        /** The format a file name asks for; an error naming the file for any other extension. */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".svg")) return SVG;
            if (name.endsWith(".png")) return PNG;
            throw new CircuitLensException(file + ": pictures are .svg or .png files");
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static void write(Figure f, Path file) {
        switch (Format.of(file)) {
            case SVG -> AtomicFiles.writeString(file, SvgCanvas.render(f));
            case PNG -> {
                byte[] png = PngCanvas.png(f, PNG_SCALE);
                AtomicFiles.write(file, ch -> {
                    ByteBuffer b = ByteBuffer.wrap(png);
                    while (b.hasRemaining()) ch.write(b);
                });
            }
        }
    }
}
