package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.circuit.RunRecord;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Direction;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Fractions of the full effect, asymmetry and the one-direction lists on constructed noising/denoising scores. */
class LatentAnalysisTest {
    static ScoreFile file(String name, Direction d, float[] heads, float[] clean, float[] corrupted) {
        var t = new ComponentScores(ComponentKind.HEADS, clean.length, 1, heads.length / clean.length, heads);
        return new ScoreFile(Path.of(name), RunRecord.of("attribute").put("method", "ap").put("direction", d.label()).put("metric", "logit-diff").put("data_sha256", "abc"), Map.of(ComponentKind.HEADS, t), clean, corrupted);
    }

    // metrics: clean mean 4, corrupted mean 1, so the noising full effect is -3 and the denoising one +3.
    // prompt-averaged noising scores (-1.5, -0.015, -0.6, 0) -> fractions (.5, .005, .2, 0);
    // prompt-averaged denoising scores (0.015, 0.9, 0.6, 0) -> fractions (.005, .3, .2, 0).
    static final ScoreFile NOISING = file("n.safetensors", Direction.CLEAN_TO_CORRUPTED,
            new float[] {-1, -0.01f, -0.5f, 0.25f, -2, -0.02f, -0.7f, -0.25f}, new float[] {3, 5}, new float[] {1, 1});
    static final ScoreFile DENOISING = file("d.safetensors", Direction.CORRUPTED_TO_CLEAN,
            new float[] {0.03f, 1, 0.6f, 0, 0, 0.8f, 0.6f, 0}, new float[] {3, 5}, new float[] {1, 1});

    @Test
    void fractionsAsymmetryAndOneDirectionComponents() {
        LatentAnalysis a = LatentAnalysis.of(DirectionPair.of(NOISING, DENOISING), "both", 0.05, 0.01);
        assertEquals(-3, a.noisingFull(), 1e-12);
        assertEquals(3, a.denoisingFull(), 1e-12);
        LatentKind k = a.kinds().getFirst();
        assertArrayEquals(new double[] {0.5, 0.005, 0.2, 0}, k.noising(), 1e-6);
        assertArrayEquals(new double[] {0.005, 0.3, 0.2, 0}, k.denoising(), 1e-6);
        assertArrayEquals(new double[] {0.495, -0.295, 0, 0}, k.asymmetry(), 1e-6);
        assertArrayEquals(new int[] {1, -1, 0, 0}, k.onlyIn());
        assertArrayEquals(new int[] {0}, k.only(1));
        assertArrayEquals(new int[] {1}, k.only(-1));
        assertTrue(a.notes().isEmpty(), a.notes().toString());
    }

    @Test
    void theFilesAreToldApartByTheirDirectionNotTheirOrder() {
        DirectionPair p = DirectionPair.of(DENOISING, NOISING);
        assertTrue(p.swapped());
        assertSame(NOISING, p.noising());
        assertSame(DENOISING, p.denoising());
        var e = assertThrows(CircuitLensException.class, () -> DirectionPair.of(NOISING, NOISING));
        assertTrue(e.getMessage().contains("are clean-to-corrupted (noising)"), e.getMessage());
    }

    @Test
    void thresholdsAndAMissingEffectAreErrors() {
        DirectionPair p = DirectionPair.of(NOISING, DENOISING);
        assertThrows(CircuitLensException.class, () -> LatentAnalysis.of(p, "both", 0.01, 0.05));
        ScoreFile flat = file("flat.safetensors", Direction.CORRUPTED_TO_CLEAN, new float[] {1, 1, 1, 1, 1, 1, 1, 1},
                new float[] {2, 2}, new float[] {2, 2});
        var e = assertThrows(CircuitLensException.class, () -> LatentAnalysis.of(DirectionPair.of(NOISING, flat), "both", 0.05, 0.01));
        assertTrue(e.getMessage().contains("no effect to normalise by"), e.getMessage());
    }
}
