package io.circuitlens.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.circuitlens.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The report as a person sees it: real results of a make-tiny model, the page opened from disk in headless Chromium
 * (Debian's package; .ci/run installs it, and without it the test is skipped with the reason). No console errors, no
 * network, the head heatmap has n_layer × n_head cells, hovering a cell shows its component, the table sorts on a
 * click. Screenshots go to target/report-screenshot.png (whole page) and target/report-top.png for a person to look at.
 */
class HtmlReportBrowserTest {
    @TempDir
    static Path tmp;
    static HeadlessChromium browser;
    static final int LAYERS = 2;
    static final int HEADS = 4;

    static void cli(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, String.join(" ", args) + "\n" + err);
    }

    static String f(String stem) {
        return tmp.resolve(stem + ".safetensors").toString();
    }

    @BeforeAll
    static void openReport() throws Exception {
        Path binary = HeadlessChromium.binary();
        Assumptions.assumeTrue(binary != null, "Chromium is not installed (Debian package chromium; .ci/run installs it): report not opened in a browser");
        String model = tmp.resolve("tiny").toString();
        String data = "datasets/ioi-mini-bytes.csv";
        cli("make-tiny", "--out", model, "--layers", "" + LAYERS, "--heads", "" + HEADS, "--d-model", "32", "--d-mlp", "48", "--n-ctx", "96");
        cli("attribute", "--model", model, "--data", data, "--limit", "5", "--method", "ap", "--quiet", "--out", f("ap"));
        cli("attribute", "--model", model, "--data", data, "--limit", "5", "--method", "ap", "--direction", "corrupted-to-clean", "--quiet", "--out", f("ap-den"));
        cli("attribute", "--model", model, "--data", data, "--limit", "5", "--method", "split-ig", "--steps", "6", "--path-curves", "--quiet", "--out", f("sig"));
        cli("curve", "--model", model, "--data", data, "--limit", "5", "--scores", f("ap"), "--quiet", "--out", f("curve"));
        cli("faithfulness", "--model", model, "--data", data, "--limit", "5", "--scores", f("ap"), "--quiet", "--out", f("faith"));
        Path html = tmp.resolve("report.html");
        cli("report", f("ap"), f("ap-den"), f("sig"), f("curve"), f("faith"), "--model", model, "--text", "When Mary and John", "--heads", "1.2",
                "--out", html.toString());
        try {
            browser = HeadlessChromium.start(binary, 1280, 900);
        } catch (IOException e) {
            Assumptions.abort("Chromium is installed but does not start here: " + e.getMessage());
        }
        browser.navigate(html);
        assertTrue(browser.waitFor("window.circuitlens && window.circuitlens.ready", 60), "the page's script never finished");
    }

    @AfterAll
    static void close() throws IOException {
        if (browser != null) browser.close();
    }

    @Test
    void pageLoadsWithoutErrorsAndWithoutNetwork() throws Exception {
        assertEquals(List.of(), browser.errors());
        for (String url : browser.requests()) assertTrue(url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:"), url);
        browser.screenshot(Path.of("target/report-screenshot.png"), true);
        browser.eval("window.scrollTo(0, 0)");
        browser.screenshot(Path.of("target/report-top.png"), false);
        assertTrue(Files.size(Path.of("target/report-screenshot.png")) > 10_000);
    }

    @Test
    void headHeatmapHasOneCellPerHeadAndHoverShowsTheComponent() throws Exception {
        JsonNode cells = browser.eval("(() => { const d = window.circuitlens.charts['heads-0'].getModel().getSeriesByIndex(0).getData(); let n = 0;"
                + " for (let i = 0; i < d.count(); i++) if (d.getItemGraphicEl(i)) n++; return n; })()");
        assertEquals(LAYERS * HEADS, cells.asInt(), "drawn cells");
        JsonNode at = browser.eval("(() => { const e = document.getElementById('heads-0'); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " const p = window.circuitlens.charts['heads-0'].convertToPixel({seriesIndex: 0}, [2, 1]); return [r.left + p[0], r.top + p[1]]; })()");
        browser.mouseMove(at.get(0).asDouble() - 3, at.get(1).asDouble() - 3);
        browser.mouseMove(at.get(0).asDouble(), at.get(1).asDouble());
        assertTrue(browser.waitFor("document.querySelector('#heads-0 .cl-tip') && getComputedStyle(document.querySelector('#heads-0 .cl-tip').parentElement).display !== 'none'", 10),
                "no tooltip after hovering head 1.2");
        String tip = browser.eval("document.querySelector('#heads-0 .cl-tip').textContent").asText();
        assertTrue(tip.startsWith("head 1.2 (L1H2)"), tip);
        assertTrue(tip.contains("rank ") && tip.contains(" in split-ig (noising)"), "rank in the other methods: " + tip);
        assertTrue(tip.contains("prompt: mean over 5"), tip);
        browser.screenshot(Path.of("target/report-hover.png"), false);
    }

    @Test
    void componentsTableSortsOnAClickLargestFirstThenReversed() throws Exception {
        String header = "Array.from(document.querySelectorAll('#components-table th')).find(t => t.textContent.startsWith('layer'))";
        JsonNode at = browser.eval("(() => { const h = " + header + "; h.scrollIntoView({block: 'center'}); const r = h.getBoundingClientRect();"
                + " return [r.left + r.width / 2, r.top + r.height / 2]; })()");
        String layers = "Array.from(document.querySelectorAll('#components-table tbody tr')).map(r => +r.children[2].textContent)";
        browser.click(at.get(0).asDouble(), at.get(1).asDouble());
        JsonNode down = browser.eval(layers);
        browser.click(at.get(0).asDouble(), at.get(1).asDouble());
        JsonNode up = browser.eval(layers);
        assertTrue(up.size() >= LAYERS * HEADS, up.toString());
        for (int i = 1; i < up.size(); i++) assertTrue(up.get(i - 1).asInt() <= up.get(i).asInt(), "ascending: " + up);
        for (int i = 1; i < down.size(); i++) assertTrue(down.get(i - 1).asInt() >= down.get(i).asInt(), "descending: " + down);
    }

    @Test
    void promptSelectorRedrawsOnePromptsScores() throws Exception {
        String values = "window.circuitlens.charts['heads-0'].getOption().series[0].data.map(d => d[2])";
        JsonNode mean = browser.eval(values);
        browser.eval("(() => { const s = document.getElementById('heads-0-prompt'); s.value = '1'; s.dispatchEvent(new Event('change')); })()");
        JsonNode one = browser.eval(values);
        JsonNode expected = browser.eval("window.circuitlens.data.attributions[0].heads.perPrompt[1]");
        assertEquals(LAYERS * HEADS, one.size());
        for (int i = 0; i < one.size(); i++) assertEquals(expected.get(i).asDouble(), one.get(i).asDouble(), 0, "cell " + i);
        assertNotEquals(mean, one);
        browser.eval("(() => { const s = document.getElementById('heads-0-prompt'); s.value = '-1'; s.dispatchEvent(new Event('change')); })()");
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void curveBandSpansMeanMinusStdToMeanPlusStd() throws Exception {
        // pixel rows of the drawn band polygon against those of the data's extreme mean ± std (y grows downwards)
        JsonNode px = browser.eval("(() => { const c = window.circuitlens.charts['curve-0']; const d = window.circuitlens.data.curves[0];"
                + " const ys = c.getModel().getSeriesByIndex(1).getData().getItemGraphicEl(0).shape.points.map(p => p[1]);"
                + " const hi = Math.max(...d.mean.map((m, i) => m + d.std[i])), lo = Math.min(...d.mean.map((m, i) => m - d.std[i]));"
                + " return [Math.min(...ys), c.convertToPixel({seriesIndex: 0}, [0, hi])[1], Math.max(...ys), c.convertToPixel({seriesIndex: 0}, [0, lo])[1]]; })()");
        assertEquals(px.get(1).asDouble(), px.get(0).asDouble(), 1, "top of the band at max(mean + std)");
        assertEquals(px.get(3).asDouble(), px.get(2).asDouble(), 1, "bottom of the band at min(mean - std)");
    }

    @Test
    void everySectionIsThere() throws Exception {
        JsonNode titles = browser.eval("Array.from(document.querySelectorAll('h2')).map(h => h.textContent)");
        for (String s : List.of("Runs", "Component scores", "Comparing methods", "Latent components", "Top components", "Ablations and circuits",
                "Integrated gradients along the path", "Attention patterns")) {
            assertTrue(titles.toString().contains(s), s + " in " + titles);
        }
        JsonNode ids = browser.eval("Object.keys(window.circuitlens.charts)");
        for (String id : List.of("heads-0", "neurons-0", "compare-0-0", "scatter-0", "outliers-0", "latent-0", "curve-0", "faithfulness-0", "path-2-heads", "pattern-0")) {
            assertTrue(ids.toString().contains("\"" + id + "\""), id + " in " + ids);
        }
    }
}
