package io.circuitlens.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * PNG text needs a font; a machine without any (a slim container) must still get labelled pictures. The child JVM
 * runs in a private mount namespace where the system's font folders and fontconfig's configuration are hidden
 * ({@code unshare -m}, root only; skipped with the reason elsewhere).
 */
class BundledFontTest {
    @TempDir
    Path tmp;

    @Test
    void fontconfigFallbackNamesTheExtractedFont() {
        String props = BundledFont.fontconfigProperties(Path.of("/tmp/x/LiberationSans-Regular.ttf"));
        assertTrue(props.contains("sansserif.plain.latin-1=Liberation Sans"), props);
        assertTrue(props.contains("filename.Liberation_Sans=/tmp/x/LiberationSans-Regular.ttf"), props);
    }

    @Test
    void pngTextRendersWithNoSystemFonts() throws Exception {
        Path unshare = Path.of("/usr/bin/unshare");
        Assumptions.assumeTrue(Files.isExecutable(unshare), "no unshare: cannot hide the system fonts");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/fonts")) && Files.isDirectory(Path.of("/etc/fonts")), "no system font folders to hide");
        Path png = tmp.resolve("fontless.png");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "mount -t tmpfs none /usr/share/fonts && mount -t tmpfs none /etc/fonts && fc-list 2>/dev/null | wc -l && exec \"$0\" \"$@\"";
        Process p = new ProcessBuilder(List.of(unshare.toString(), "-m", "sh", "-c", script, java, "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), FontlessRender.class.getName(), png.toString())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(out.contains("mount:") || out.contains("unshare:"), () -> "cannot make a font-free mount namespace here: " + out.strip());
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("0"), "fc-list must see no fonts in the child: " + out);
        BufferedImage img = ImageIO.read(png.toFile());
        int dark = 0;
        for (int y = 0; y < 80; y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 255) < 100) dark++;
        assertTrue(dark > 500, "the title's text must be drawn: " + dark + " dark pixels");
    }
}
