package io.circuitlens.cli;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.ablation.Stats;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.report.AttributionResult;
import io.circuitlens.report.FaithfulnessResult;
import io.circuitlens.report.PathCurves;
import io.circuitlens.report.ResultFiles;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * plot, report and --plot end to end on real results: a make-tiny byte-vocabulary model and the byte twin of the IOI
 * dataset (no network), every result-writing command run as the README shows it.
 */
class PlotCommandsTest {
    @TempDir
    static Path tmp;
    static String model;
    static final String DATA = "datasets/ioi-mini-bytes.csv";

    @BeforeAll
    static void results() {
        model = tmp.resolve("tiny").toString();
        ok("make-tiny", "--out", model, "--layers", "2", "--heads", "4", "--d-model", "32", "--d-mlp", "48", "--n-ctx", "96");
        Path pics = tmp.resolve("pics");
        ok("attribute", "--model", model, "--data", DATA, "--limit", "6", "--method", "split-ig", "--steps", "6", "--path-curves", "--quiet",
                "--out", f("sig"), "--plot", pics.toString());
        ok("attribute", "--model", model, "--data", DATA, "--limit", "6", "--method", "ap", "--quiet", "--out", f("ap"), "--plot", pics.toString(),
                "--plot-format", "png");
        ok("attribute", "--model", model, "--data", DATA, "--limit", "6", "--method", "ap", "--direction", "corrupted-to-clean", "--quiet",
                "--out", f("ap-den"));
        ok("curve", "--model", model, "--data", DATA, "--limit", "6", "--scores", f("ap"), "--quiet", "--out", f("curve"), "--plot", pics.toString());
        ok("prune", "--model", model, "--data", DATA, "--limit", "6", "--max-steps", "3", "--stop-below", "none", "--quiet", "--out", f("prune"), "--plot", pics.toString());
        ok("faithfulness", "--model", model, "--data", DATA, "--limit", "6", "--scores", f("ap"), "--quiet", "--out", f("faith"), "--plot", pics.toString());
        ok("ablate", "--model", model, "--data", DATA, "--limit", "6", "--components", "0.1,1.2", "--ablation", "mean", "--quiet", "--out", f("ablate"),
                "--plot", pics.toString());
        ok("compare", f("ap"), f("sig"), "--plot", pics.toString());
    }

    static String f(String stem) {
        return tmp.resolve(stem + ".safetensors").toString();
    }

    static CliTest.Result ok(String... args) {
        CliTest.Result r = CliTest.cli(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }

    static CliTest.Result fails(String... args) {
        CliTest.Result r = CliTest.cli(args);
        assertEquals(1, r.code(), String.join(" ", args) + "\n" + r.out());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        return r;
    }

    static void wellFormedSvg(Path p) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        assertEquals("svg", dbf.newDocumentBuilder().parse(p.toFile()).getDocumentElement().getLocalName(), p.toString());
    }

    @Test
    void plotOptionWritesTheMatchingPicturesNextToTheResults() throws Exception {
        Path pics = tmp.resolve("pics");
        List<String> expected = List.of("sig-heads.svg", "sig-neurons.svg", "sig-bars.svg", "sig-path-heads.svg", "sig-path-neurons.svg",
                "ap-heads.png", "ap-neurons.png", "ap-bars.png", "curve-curve.svg", "prune-curve.svg", "faith-faithfulness.svg", "ablate-ablation.svg",
                "ap-vs-sig-compare-heads.svg", "ap-vs-sig-scatter-heads.svg", "ap-vs-sig-outliers-heads.svg", "ap-vs-sig-scatter-neurons.svg");
        for (String name : expected) {
            Path p = pics.resolve(name);
            assertTrue(Files.size(p) > 1000, name);
            if (name.endsWith(".svg")) wellFormedSvg(p);
        }
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(Files.readAllBytes(pics.resolve("ap-heads.png")), 4));
    }

    @Test
    void everyPlotKindDrawsFromRealResults() throws Exception {
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"heads", f("ap")});
        runs.add(new String[] {"heads", f("sig"), "--prompt", "2"});
        runs.add(new String[] {"neurons", f("sig"), "--top-k", "5"});
        runs.add(new String[] {"neurons", f("sig"), "--bins", "8"});
        runs.add(new String[] {"compare", f("ap"), f("ap-den")});
        runs.add(new String[] {"scatter", f("ap"), f("sig"), "--components", "neurons"});
        runs.add(new String[] {"bars", f("ap"), f("sig"), "--components", "0.1,1.2,m0.3"});
        runs.add(new String[] {"bars", f("ablate")});
        runs.add(new String[] {"curve", f("curve"), f("prune")});
        runs.add(new String[] {"curve", f("faith")});
        runs.add(new String[] {"path", f("sig"), "--components", "neurons"});
        runs.add(new String[] {"pattern", f("ap"), "--model", model, "--text", "When Mary and John went"});
        int i = 0;
        for (String[] run : runs) {
            Path out = tmp.resolve("plot-" + i++ + ".svg");
            List<String> args = new ArrayList<>(List.of("plot"));
            args.addAll(List.of(run));
            args.addAll(List.of("--out", out.toString()));
            ok(args.toArray(String[]::new));
            wellFormedSvg(out);
        }
        String pattern = Files.readString(tmp.resolve("plot-11.svg"));
        assertTrue(pattern.contains("query token") && pattern.contains(">·<") && pattern.contains(">M<"), "byte tokens on the axes, a space as ·");
    }

    @Test
    void reportIsOneSelfContainedPage() throws Exception {
        Path html = tmp.resolve("report.html");
        ok("report", f("ap"), f("ap-den"), f("sig"), f("curve"), f("prune"), f("faith"), f("ablate"), "--out", html.toString());
        String page = Files.readString(html);
        assertFalse(page.contains("<script src"), "no external script");
        assertFalse(page.contains("<link"), "no external style sheet");
        assertTrue(page.contains("echarts"));
        assertTrue(page.contains("\"comparisons\":[{"), "the three attribution results are compared");
        assertTrue(page.contains("\"latent\":[{"), "noising and denoising AP give the latent summary");
    }

    @Test
    void readerAgreesWithWhatTheCommandsWrote() {
        AttributionResult sig = (AttributionResult) ResultFiles.read(Path.of(f("sig")));
        PathCurves pc = sig.paths().get(ComponentKind.HEADS);
        assertEquals(6, pc.steps());
        // the split alphas the run recorded are quadrature nodes (or 1 = not cut): the nodes were rebuilt right
        for (float cut : pc.splitAlpha()) {
            assertTrue(cut == 1f || java.util.Arrays.stream(pc.alphas()).anyMatch(a -> Math.abs(a - cut) < 1e-6), "cut " + cut);
        }
        FaithfulnessResult faith = (FaithfulnessResult) ResultFiles.read(Path.of(f("faith")));
        try (SafetensorsFile file = SafetensorsFile.open(Path.of(f("faith")))) {
            // the band is centred on the written f: mean over prompts of (m_p(k) - mean m(empty)) / (mean m(full) - mean m(empty))
            float[] m = file.readFloats("metric_signed");
            double full = Stats.mean(file.readFloats("metric_full"));
            double empty = Stats.mean(file.readFloats("metric_empty"));
            int k = faith.kPercent().length;
            int n = m.length / k;
            for (int j = 0; j < k; j++) {
                double mean = 0;
                for (int p = 0; p < n; p++) mean += (m[p * k + j] - empty) / (full - empty) / n;
                assertEquals(faith.fSigned()[j], mean, 1e-4 * Math.max(1, Math.abs(mean)), "k = " + faith.kPercent()[j]);
            }
        }
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws Exception {
        String out = tmp.resolve("x.svg").toString();
        assertTrue(fails("plot", "curve", f("ap"), "--out", out).err().contains("ap.safetensors: is an attribute result, but plot curve needs a curve or prune result"));
        assertTrue(fails("plot", "heads", f("curve"), "--out", out).err().contains("curve.safetensors: is a curve result, but plot heads needs an attribute"));
        assertTrue(fails("plot", "path", f("ap"), "--out", out).err().contains("ap.safetensors: has no path curves for heads"));
        assertTrue(fails("plot", "heads", f("ap"), "--prompt", "9", "--out", out).err().contains("ap.safetensors: has 6 prompts"));
        assertTrue(fails("plot", "heads", f("ap"), "--out", tmp.resolve("x.jpg").toString()).err().contains("x.jpg: pictures are .svg or .png files"));
        assertTrue(fails("plot", "bars", f("ap"), "--components", "7.1", "--out", out).err().contains("ap.safetensors: has no component 7.1"));
        assertTrue(fails("plot", "wiggle", f("ap"), "--out", out).err().contains("unknown picture 'wiggle'"));
        assertTrue(fails("plot", "heads", tmp.resolve("tiny/model.safetensors").toString(), "--out", out).err().contains("model.safetensors: not a circuitlens result"));

        Path missing = tmp.resolve("no-std.safetensors");
        new SafetensorsWriter().metadata(Map.of("run", "{\"command\":\"curve\"}"))
                .add("steps", new LongTensor(new int[] {2}, new long[] {0, 1}))
                .add("curve_mean", new FloatTensor(new int[] {2}, new float[] {1, 2})).write(missing);
        assertTrue(fails("plot", "curve", missing.toString(), "--out", out).err().contains("no-std.safetensors: has no 'curve_std' tensor"));

        Path other = tmp.resolve("other-model.safetensors");
        new SafetensorsWriter().metadata(Map.of("run", "{\"method\":\"ap\",\"model_config\":\"n_layer=12 n_head=12\"}"))
                .add("heads", new FloatTensor(new int[] {1, 2, 4}, new float[8])).write(other);
        String err = fails("report", f("ap"), other.toString(), "--out", tmp.resolve("r.html").toString()).err();
        assertTrue(err.contains("other-model.safetensors: comes from a different model (n_layer=12 n_head=12)"), err);

        ok("compare", f("ap"), f("sig"), "--out", f("cmp"));
        assertTrue(fails("report", f("cmp"), "--out", tmp.resolve("r.html").toString()).err().contains("cmp.safetensors: is a 'compare' output"));
        CliTest.Result bad = CliTest.cli("attribute", "--model", model, "--data", DATA, "--method", "ap", "--out", f("never"), "--plot", "d",
                "--plot-format", "jpg");
        assertEquals(2, bad.code(), "a bad format is a usage error before the run");
        assertTrue(bad.err().contains("must be svg or png, got 'jpg'"), bad.err());
        assertFalse(Files.exists(Path.of(f("never"))));
    }
}
