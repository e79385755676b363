package io.circuitlens.report;

import io.circuitlens.circuit.Direction;
import io.circuitlens.circuit.ComponentKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What matters in the pictures, checked on results with known values: colours on the right side, labels, sizes, well-formed SVG. */
class PicturesTest {
    @TempDir
    Path tmp;

    final AttributionResult ap = Synthetic.heads("ap.safetensors", "ap", Direction.CLEAN_TO_CORRUPTED);

    @Test
    void headHeatmapPutsAPositiveCellOnTheBlueSideAndLabelsItsAxes() throws Exception {
        Figure f = ScorePlots.heads(ap, -1);
        Svg svg = Svg.parse(SvgCanvas.render(f));
        assertEquals("svg", svg.root().getLocalName());
        assertEquals(f.width(), (int) Svg.attr(svg.root(), "width"));
        assertEquals(f.height(), (int) Svg.attr(svg.root(), "height"));
        // RdBu: positive is blue, negative red; the largest |score| gets the darkest end
        Rgb positive = Svg.color(svg.withTitle("head 1.2").getAttribute("fill"));
        Rgb negative = Svg.color(svg.withTitle("head 0.0").getAttribute("fill"));
        assertTrue(positive.b() > positive.r() + 60, positive.toString());
        assertTrue(negative.r() > negative.b() + 60, negative.toString());
        assertEquals(new Rgb(0x05, 0x30, 0x61), positive, "the maximum takes the end of the map");
        List<String> texts = svg.texts();
        for (String label : List.of("layer", "head", "score (logit-diff)", "0", "1", "2", "3")) assertTrue(texts.contains(label), label + " in " + texts);
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Heads: ap, clean-to-corrupted, logit-diff")), texts.toString());
        assertTrue(texts.containsAll(List.of("-1", "0.5", "-0.5")), "colour bar ticks at ±limit and ±limit/2: " + texts);
        assertTrue(svg.withTitle("head 1.2").getTextContent().contains("rank 1"), "hover text gives the rank");
        var titles = svg.doc().getElementsByTagNameNS("http://www.w3.org/2000/svg", "title");
        int cells = 0;
        for (int i = 0; i < titles.getLength(); i++) if (titles.item(i).getTextContent().startsWith("head ")) cells++;
        assertEquals(3 * 4, cells, "one hoverable cell per head");
        assertTrue(svg.count("rect") >= 12 + 64, "cells and the colour bar's slices");
    }

    @Test
    void pngShowsTheSameCellsInTheSameColoursAtTwiceTheSize() throws Exception {
        Figure f = ScorePlots.heads(ap, -1);
        Element cell = Svg.parse(SvgCanvas.render(f)).withTitle("head 1.2");
        Path png = tmp.resolve("heads.png");
        Pictures.write(f, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * f.width(), img.getWidth());
        assertEquals(2 * f.height(), img.getHeight());
        int x = (int) (2 * (Svg.attr(cell, "x") + Svg.attr(cell, "width") / 2));
        int y = (int) (2 * (Svg.attr(cell, "y") + Svg.attr(cell, "height") / 2));
        int rgb = img.getRGB(x, y);
        assertEquals(new Rgb(0x05, 0x30, 0x61), new Rgb(rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255));
        // the title was drawn with the bundled font: dark pixels in the title band
        int dark = 0;
        for (int yy = 0; yy < 2 * 40; yy++) for (int xx = 0; xx < img.getWidth(); xx++) if ((img.getRGB(xx, yy) & 255) < 100) dark++;
        assertTrue(dark > 500, "title text pixels: " + dark);
    }

    @Test
    void compareUsesOneScaleForBothPanelsAndNegatesTheNoisingSideWhenDirectionsDiffer() throws Exception {
        AttributionResult den = Synthetic.heads("den.safetensors", "ap", Direction.CORRUPTED_TO_CLEAN);
        Svg svg = Svg.parse(SvgCanvas.render(ScorePlots.compare(ap, den, ComponentKind.HEADS, -1)));
        assertTrue(svg.texts().stream().anyMatch(t -> t.contains("negated")), svg.texts().toString());
        // both panels draw head 1.2: the noising one negated (red), the denoising one as is (blue), same intensity
        var cells = new java.util.ArrayList<Rgb>();
        var titles = svg.doc().getElementsByTagNameNS("http://www.w3.org/2000/svg", "title");
        for (int i = 0; i < titles.getLength(); i++) {
            if (titles.item(i).getTextContent().startsWith("head 1.2")) cells.add(Svg.color(((Element) titles.item(i).getParentNode()).getAttribute("fill")));
        }
        assertEquals(List.of(new Rgb(0x67, 0x00, 0x1f), new Rgb(0x05, 0x30, 0x61)), cells);
    }

    @Test
    void scatterHasTheDiagonalAndTheCorrelationInItsTitle() throws Exception {
        AttributionResult ig = Synthetic.heads("ig.safetensors", "ig", Direction.CLEAN_TO_CORRUPTED);
        Svg svg = Svg.parse(SvgCanvas.render(ScorePlots.scatter(ap, ig, ComponentKind.HEADS)));
        assertTrue(svg.texts().stream().anyMatch(t -> t.startsWith("heads: Pearson r = 1.000")), svg.texts().toString());
        assertTrue(svg.texts().contains("y = x"));
        assertTrue(svg.texts().contains("ap (noising) score") && svg.texts().contains("ig (noising) score"));
        assertEquals(12, svg.count("circle"));
    }

    @Test
    void barsListComponentsWithTheirSpreadAndColourBySign() throws Exception {
        Svg svg = Svg.parse(SvgCanvas.render(ScorePlots.bars(List.of(ap), ComponentRef.parseList("1.2,0.0"), ComponentKind.HEADS, 5)));
        Rgb pos = Svg.color(svg.withTitle("1.2: 1").getAttribute("fill"));
        Rgb neg = Svg.color(svg.withTitle("0.0: -0.5").getAttribute("fill"));
        assertTrue(pos.b() > pos.r() && neg.r() > neg.b());
        assertTrue(svg.texts().containsAll(List.of("1.2", "0.0", "score")));
    }

    @Test
    void curvesDrawBandsAndFaithfulnessNamesCprAndCmd() throws Exception {
        ResultMeta m = new ResultMeta(Path.of("faith.safetensors"), ResultKind.FAITHFULNESS, Synthetic.run("metric", "logit-diff"));
        FaithfulnessResult f = new FaithfulnessResult(m, new double[] {0, 10, 50, 100}, new int[] {0, 1, 6, 12}, new double[] {0, 0.4, 0.9, 1},
                new double[] {0, 0.2, 0.7, 1}, new double[] {0, 0.1, 0.1, 0}, new double[] {0, 0.1, 0.1, 0}, 0.75, 0.31, 0.6, 0.4);
        Svg svg = Svg.parse(SvgCanvas.render(CurvePlots.faithfulness(f)));
        assertTrue(svg.texts().contains("signed ranking (CPR 0.750)"), svg.texts().toString());
        assertTrue(svg.texts().contains("absolute ranking (CMD 0.310)"));
        assertEquals(2, svg.count("polygon"), "one band per ranking");
        CurveResult c = new CurveResult(new ResultMeta(Path.of("curve.safetensors"), ResultKind.CURVE, Synthetic.run()), new int[] {0, 1, 2},
                new double[] {1, 0.5, 0.2}, new double[] {0.1, 0.2, 0.1}, List.of("1.2", "0.0"));
        Svg cs = Svg.parse(SvgCanvas.render(CurvePlots.curves(List.of(c))));
        assertTrue(cs.texts().containsAll(List.of("components ablated", "± std over prompts")), cs.texts().toString());
        assertEquals(1, cs.count("polygon"));
    }

    @Test
    void pathMarksTheSplitCutOfEachLayer() throws Exception {
        float[] metric = new float[2 * 2 * 3];
        for (int i = 0; i < metric.length; i++) metric[i] = i % 3;
        PathCurves pc = new PathCurves(ComponentKind.HEADS, 2, 2, new double[] {0.1, 0.5, 0.9}, metric, new float[] {0.5f, 1f, 0.5f, 1f});
        AttributionResult r = new AttributionResult(new ResultMeta(Path.of("sig.safetensors"), ResultKind.ATTRIBUTION,
                Synthetic.run("method", "split-ig", "split_ratio", "0.9", "split_rule", "endpoints")), ap.scores(), java.util.Map.of(ComponentKind.HEADS, pc));
        Svg svg = Svg.parse(SvgCanvas.render(CurvePlots.path(r, ComponentKind.HEADS, -1)));
        assertTrue(svg.texts().containsAll(List.of("layer 0", "layer 1", "Split IG cut (ratio 0.9, endpoints)")), svg.texts().toString());
        assertEquals(2, svg.count("polyline"), "one line per layer");
        long dashed = java.util.stream.IntStream.range(0, svg.count("line"))
                .mapToObj(i -> (Element) svg.doc().getElementsByTagNameNS("http://www.w3.org/2000/svg", "line").item(i))
                .filter(e -> e.hasAttribute("stroke-dasharray")).count();
        assertEquals(2, dashed, "layer 0's cut at 0.5 and the legend's sample; layer 1 is not cut (α 1)");
    }

    @Test
    void patternShowsTokensOnBothAxesAndGreysTheMaskedHalf() throws Exception {
        AttentionPatterns a = new AttentionPatterns("Hi there", List.of("<|endoftext|>", "Hi", " there"),
                List.of(new AttentionPatterns.Head(0, 1, new float[] {1, 0, 0, 0.25f, 0.75f, 0, 0.5f, 0.25f, 0.25f})));
        Svg svg = Svg.parse(SvgCanvas.render(PatternPlot.of(a)));
        assertEquals(2, svg.texts().stream().filter("·there"::equals).count(), "query and key axes");
        assertTrue(svg.texts().containsAll(List.of("query token", "key token", "attention probability", "head 0.1")));
        Rgb masked = Svg.color(svg.withTitle("head 0.1: query 0 '<|endoftext|>' → key 2").getAttribute("fill"));
        assertEquals(Rgb.LIGHT_GREY, masked);
        Rgb strong = Svg.color(svg.withTitle("head 0.1: query 0 '<|endoftext|>' → key 0").getAttribute("fill"));
        assertEquals(new Rgb(0x08, 0x30, 0x6b), strong, "probability 1 is the dark end");
    }

    @Test
    void textWithMarkupAndControlCharactersStaysWellFormed() throws Exception {
        AttentionPatterns a = new AttentionPatterns("<b>&\"x\u0001", List.of("<", "&\u0001"), List.of(new AttentionPatterns.Head(0, 0, new float[] {1, 0, 0.5f, 0.5f})));
        Svg svg = Svg.parse(SvgCanvas.render(PatternPlot.of(a)));
        assertTrue(svg.texts().contains("<"));
        assertTrue(svg.texts().stream().anyMatch(t -> t.contains("<b>&\"x\uFFFD")), svg.texts().toString());
    }
}
