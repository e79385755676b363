package io.circuitlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.io.SafetensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.circuitlens.cli.AnalysisCommands.oneLine;
import static org.junit.jupiter.api.Assertions.*;

/** latent end to end on small hand-written noising/denoising files. */
class LatentCommandTest {
    @TempDir
    static Path tmp;
    static Path noising;
    static Path denoising;
    static Path noDirection;
    static Path shortDenoising;

    // clean mean 4, corrupted mean 1: full effect -3 noising, +3 denoising. One layer of 4 heads, 2 prompts:
    // noising means (-1.5, -0.015, -0.6, 0) -> fractions (.5, .005, .2, 0); denoising means (0.015, 0.9, 0.6, 0)
    // -> (.005, .3, .2, 0): head 0.0 matters only when noised, 0.1 only when restored.
    static final int[] SHAPE = {2, 1, 4};
    static final float[] CLEAN = {3, 5};
    static final float[] CORRUPTED = {1, 1};

    static CliTest.Result latent(String... args) {
        return AnalysisCommands.run(new LatentCommand(), args);
    }

    @BeforeAll
    static void files() {
        noising = new AnalysisCommands.ResultsFile().run("ap", "clean-to-corrupted")
                .tensor("heads", SHAPE, -1, -0.01f, -0.5f, 0.25f, -2, -0.02f, -0.7f, -0.25f).metrics(CLEAN, CORRUPTED)
                .write(tmp.resolve("noising.safetensors"));
        denoising = new AnalysisCommands.ResultsFile().run("ap", "corrupted-to-clean")
                .tensor("heads", SHAPE, 0.03f, 1, 0.6f, 0, 0, 0.8f, 0.6f, 0).metrics(CLEAN, CORRUPTED)
                .write(tmp.resolve("denoising.safetensors"));
        noDirection = new AnalysisCommands.ResultsFile().tensor("heads", SHAPE, new float[8]).metrics(CLEAN, CORRUPTED)
                .write(tmp.resolve("plain.safetensors"));
        shortDenoising = new AnalysisCommands.ResultsFile().run("ap", "corrupted-to-clean")
                .tensor("heads", new int[] {1, 1, 4}, 0, 1, 0, 0).metrics(new float[] {3}, new float[] {1})
                .write(tmp.resolve("short.safetensors"));
    }

    @Test
    void findsTheOneDirectionComponentsAndSaysWhichFileIsWhich() throws IOException {
        Path out = tmp.resolve("latent.safetensors");
        Path json = tmp.resolve("latent.json");
        // given the wrong way round on purpose: the metadata decides
        CliTest.Result r = latent(denoising.toString(), noising.toString(), "--out", out.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertTrue(o.startsWith("convention: noising = clean-to-corrupted"), o);
        assertTrue(o.contains("what the clean behaviour NEEDS"), o);
        assertTrue(o.contains("what SUFFICES to restore it"), o);
        assertTrue(o.contains("noising:   " + noising + " (ap, clean-to-corrupted, logit-diff), full effect -3.000"), o);
        assertTrue(o.contains("denoising: " + denoising + " (ap, corrupted-to-clean, logit-diff), full effect 3.000"), o);
        assertTrue(o.contains("given in the other order"), o);
        assertTrue(o.contains("noising only (needed, but restoring it alone does not restore the behaviour): 1"), o);
        assertTrue(o.contains("denoising only (restores the behaviour, but removing it is compensated): 1"), o);
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertArrayEquals(new float[] {-3}, f.readFloats("noising_full_effect"), 1e-6f);
            assertArrayEquals(new float[] {3}, f.readFloats("denoising_full_effect"), 1e-6f);
            assertArrayEquals(new long[] {1, 4}, f.info("heads.asymmetry").shape());
            assertArrayEquals(new float[] {0.5f, 0.005f, 0.2f, 0}, f.readFloats("heads.noising_fraction"), 1e-6f);
            assertArrayEquals(new float[] {0.005f, 0.3f, 0.2f, 0}, f.readFloats("heads.denoising_fraction"), 1e-6f);
            assertArrayEquals(new float[] {0.495f, -0.295f, 0, 0}, f.readFloats("heads.asymmetry"), 1e-6f);
            assertArrayEquals(new long[] {1, -1, 0, 0}, f.readLongs("heads.only_in"));
            assertFalse(f.contains("neurons.asymmetry"));
            assertTrue(f.metadata().get("latent").contains("\"noising\":\"" + noising + "\""));
        }
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals("0.0", j.at("/heads/noising_only/0/component").asText());
        assertEquals(0.5, j.at("/heads/noising_only/0/noising").asDouble(), 1e-6);
        assertEquals("0.1", j.at("/heads/denoising_only/0/component").asText());
        assertEquals("0.0", j.at("/heads/most_asymmetric/0/component").asText());
        assertEquals("0.1", j.at("/heads/most_asymmetric/1/component").asText());
        // head 0.3 has exactly none and is left out (0.2's is float rounding of 0.2 - 0.2, so it may appear)
        for (JsonNode e : j.at("/heads/most_asymmetric")) assertNotEquals("0.3", e.get("component").asText());
        assertTrue(j.at("/definitions/convention").asText().contains("NEEDS"));
    }

    @Test
    void thresholdsAreOptions() {
        // with --large 0.25 only head 0.1's 0.3 and head 0.0's 0.5 are large; --small 0.001 makes 0.005 not "near zero"
        CliTest.Result r = latent(noising.toString(), denoising.toString(), "--large", "0.25", "--small", "0.001");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("one direction only: |fraction| >= 0.25 in one direction and <= 0.001 in the other"), r.out());
        assertTrue(r.out().contains("noising only (needed, but restoring it alone does not restore the behaviour): 0"), r.out());
        assertFalse(r.out().contains("given in the other order"), r.out());
    }

    @Test
    void wrongDirectionsAndBadInputsAreOneLineErrors() {
        String[][] cases = {
                {noising.toString(), noising.toString()},
                {denoising.toString(), denoising.toString()},
                {noising.toString(), noDirection.toString()},
                {noising.toString(), shortDenoising.toString()},
                {noising.toString(), denoising.toString(), "--small", "0.5", "--large", "0.1"},
                {noising.toString(), denoising.toString(), "--components", "neurons"},
        };
        String[] expected = {"are clean-to-corrupted (noising); latent needs one clean-to-corrupted and one corrupted-to-clean run",
                "are corrupted-to-clean (denoising)", "no direction in its 'run' metadata", "'heads' shapes differ",
                "0 <= --small < --large", "no 'neurons' scores"};
        for (int i = 0; i < cases.length; i++) {
            CliTest.Result r = latent(cases[i]);
            assertEquals(1, r.code(), String.join(" ", cases[i]));
            assertTrue(oneLine(r.err()), r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
        }
    }
}
