package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The font PNG pictures are drawn with: Liberation Sans, copied into our jar at build time (see the pom), so a PNG
 * looks the same everywhere and needs no system font.
 *
 * <p>Why the properties file: on Linux, Java's font manager starts by asking fontconfig for the system fonts and fails
 * ("Fontconfig head is null") on a machine that has none (a slim container), even to load a font from a file. Given
 * {@code sun.awt.fontconfig}, it still prefers fontconfig's answer when there is one and otherwise reads the file,
 * which maps Java's logical fonts to our extracted copy. The property is set only if nobody set it, before the first
 * font is made.
 */
final class BundledFont {
    static final String RESOURCE = "font/LiberationSans-Regular.ttf";
    static final String FAMILY = "Liberation Sans";

    private BundledFont() {}

    /** The regular face at 1 pt (derive sizes from it). */
    static Font base() {
        return Holder.FONT;
    }

    private static final class Holder {
        static final Font FONT = load();
    }

    private static Font load() {
        try (InputStream in = BundledFont.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new CircuitLensException("the PNG font " + RESOURCE + " is missing from the build; rebuild with mvn package");
            Path dir = Files.createTempDirectory("circuitlens-font");
            Path ttf = dir.resolve("LiberationSans-Regular.ttf");
            Files.copy(in, ttf);
            Path props = dir.resolve("fontconfig.properties");
            Files.writeString(props, fontconfigProperties(ttf));
            for (Path p : new Path[] {props, ttf, dir}) p.toFile().deleteOnExit();
            if (System.getProperty("sun.awt.fontconfig") == null) System.setProperty("sun.awt.fontconfig", props.toString());
            return Font.createFont(Font.TRUETYPE_FONT, ttf.toFile()).deriveFont(1f);
        } catch (IOException | FontFormatException e) {
            throw new CircuitLensException("cannot load the PNG font " + RESOURCE + " (" + e.getMessage() + ")", e);
        }
    }

    /** Every logical font (plain style, Latin-1) mapped to the one file: all Java needs to start without fontconfig. */
    static String fontconfigProperties(Path ttf) {
        StringBuilder b = new StringBuilder("version=1\nsequence.allfonts=latin-1\n");
        for (String logical : new String[] {"serif", "sansserif", "monospaced", "dialog", "dialoginput"}) {
            b.append(logical).append(".plain.latin-1=").append(FAMILY).append('\n');
        }
        b.append("filename.").append(FAMILY.replace(' ', '_')).append('=').append(ttf.toAbsolutePath().toString().replace("\\", "/")).append('\n');
        return b.toString();
    }
}
