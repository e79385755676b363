package io.circuitlens.cli;

import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** compare and latent on real attribute outputs of a tiny model: the layouts the two sides agree on. */
class AnalysisEndToEndTest {
    @TempDir
    static Path tmp;
    static Path apNoising;
    static Path apDenoising;
    static Path igNoising;

    static Path attribute(String method, String direction) {
        Path out = tmp.resolve(method + "-" + direction + ".safetensors");
        CliTest.Result r = CliTest.cli("attribute", "--model", tmp.resolve("m").toString(), "--quiet", "--data",
                "src/test/resources/fixtures/attribution/pairs.csv", "--method", method, "--direction", direction, "--steps", "8",
                "--limit", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @BeforeAll
    static void runs() {
        TinyModels.write(new TinyModelSpec(2, 3, 24, 40, 64, "byte", 2, DType.F32, false), tmp.resolve("m"), null);
        apNoising = attribute("ap", "clean-to-corrupted");
        apDenoising = attribute("ap", "corrupted-to-clean");
        igNoising = attribute("ig", "clean-to-corrupted");
    }

    @Test
    void compareTwoMethods() {
        Path out = tmp.resolve("cmp.safetensors");
        CliTest.Result r = AnalysisCommands.run(new CompareCommand(), apNoising.toString(), igNoising.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("heads: 3 prompts x 2 layers x 3 = 6 components"), r.out());
        assertTrue(r.out().contains("neurons: 3 prompts x 2 layers x 40 = 80 components"), r.out());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            for (float v : f.readFloats("neurons.correlation_averaged")) assertTrue(v >= -1 && v <= 1, "correlation " + v);
            assertArrayEquals(new long[] {5, 10, 20, 50}, f.readLongs("neurons.top_k"));
        }
    }

    @Test
    void latentOnBothDirections() {
        CliTest.Result r = AnalysisCommands.run(new LatentCommand(), apNoising.toString(), apDenoising.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("noising:   " + apNoising), r.out());
        assertTrue(r.out().contains("denoising: " + apDenoising), r.out());
        assertFalse(r.out().contains("note:"), r.out()); // same method, metric, data and unpatched metrics
        CliTest.Result same = AnalysisCommands.run(new LatentCommand(), apNoising.toString(), igNoising.toString());
        assertEquals(1, same.code());
    }

    @Test
    void compareTwoDirectionsOrientsThem() {
        CliTest.Result r = AnalysisCommands.run(new CompareCommand(), apNoising.toString(), apDenoising.toString(), "--components", "heads");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("A (clean-to-corrupted) is negated"), r.out());
    }
}
