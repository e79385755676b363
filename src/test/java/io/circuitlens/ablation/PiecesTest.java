package io.circuitlens.ablation;

import io.circuitlens.circuit.Components;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.model.Gpt2Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The small pieces, by hand: areas, rankings and their ties, component lists, steps and circuit sizes, weight edits. */
class PiecesTest {
    static final Gpt2Config CFG = new Gpt2Config(2, 3, 12, 16, 257, 5, 1e-5);

    static Component head(int l, int h) {
        return Component.head(l, h);
    }

    @Test
    void trapezoidAreas() {
        assertEquals(0.5, Trapezoid.area(new double[] {0, 1}, new double[] {0, 1}), 0);
        // 0.1·(0+1)/2 + 0.9·(1+1)/2
        assertEquals(0.95, Trapezoid.area(new double[] {0, 0.1, 1}, new double[] {0, 1, 1}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Trapezoid.area(new double[] {0, 0}, new double[] {1, 1}));
    }

    @Test
    void rankingIsStableOnTiesAndPutsNaNLast() {
        List<Component> comps = List.of(head(0, 0), head(0, 1), head(0, 2), head(1, 0));
        Map<Component, Double> s = Map.of(head(0, 0), 1.0, head(0, 1), 3.0, head(0, 2), 1.0, head(1, 0), Double.NaN);
        assertEquals(List.of(head(0, 1), head(0, 0), head(0, 2), head(1, 0)), Ranking.order(comps, s::get, Ranking.Order.MOST_FIRST));
        assertEquals(List.of(head(1, 0), head(0, 0), head(0, 2), head(0, 1)), Ranking.order(comps, s::get, Ranking.Order.LEAST_FIRST));
    }

    @Test
    void componentListsFromKeywordsItemsAndFiles(@TempDir Path tmp) throws IOException {
        assertEquals(6, Components.parse("heads", CFG).size());
        assertEquals(16, Components.parse("heads,neurons", CFG).size());
        assertEquals(List.of(head(1, 2), Component.neuron(0, 4)), Components.parse("1.2, m0.4,1.2", CFG));
        Path f = tmp.resolve("circuit.txt");
        Files.writeString(f, "# the circuit\n0.1\n1.0, m1.3  # a neuron\n");
        assertEquals(List.of(head(0, 1), head(1, 0), Component.neuron(1, 3)), Components.parse(f.toString(), CFG));
        var e = assertThrows(CircuitLensException.class, () -> Components.parse("0.1,2.0", CFG));
        assertTrue(e.getMessage().contains("'2.0' does not exist"), e.getMessage());
        e = assertThrows(CircuitLensException.class, () -> Components.parse(tmp.resolve("missing.txt").toString(), CFG));
        assertTrue(e.getMessage().endsWith("(and there is no file of that name)"), e.getMessage());
        Files.writeString(f, "0.1\nm0.9\n");
        e = assertThrows(CircuitLensException.class, () -> Components.parse(f.toString(), CFG));
        assertTrue(e.getMessage().startsWith(f + ": component 'm0.9'"), e.getMessage());
    }

    @Test
    void curveStepsAndCircuitSizes() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, CumulativeAblation.steps(3, 1));
        assertArrayEquals(new int[] {0, 2, 4, 5}, CumulativeAblation.steps(5, 2));
        assertArrayEquals(new int[] {0, 5}, CumulativeAblation.steps(5, 9));
        assertArrayEquals(new double[] {0, 1, 50, 100}, Faithfulness.points(new double[] {50, 1, 100, 50}));
        assertEquals(0, Faithfulness.kept(0, 144));
        assertEquals(1, Faithfulness.kept(0.1, 144));
        assertEquals(5, Faithfulness.kept(10, 50));
        assertEquals(15, Faithfulness.kept(10, 144));
        assertEquals(144, Faithfulness.kept(100, 144));
    }

    /** A head of d = 4, d_head = 2 (head 1 of 2): its q/k/v columns and W_O rows go, mean_z·W_O[1] moves to the bias. */
    @Test
    void weightEditsByHand() {
        int d = 4;
        float[] cAttnW = new float[d * 3 * d];
        java.util.Arrays.fill(cAttnW, 1f);
        float[] cAttnB = new float[3 * d];
        java.util.Arrays.fill(cAttnB, 2f);
        float[] cProjW = new float[d * d];
        for (int i = 0; i < cProjW.length; i++) cProjW[i] = i;
        double[] add = new double[d];
        CircuitWeights.removeHead(cAttnW, cAttnB, cProjW, add, d, 2, 1, new float[] {1f, -2f});
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < 3 * d; j++) assertEquals(j % d >= 2 ? 0f : 1f, cAttnW[i * 3 * d + j], "column " + j);
        }
        assertArrayEquals(new float[] {2, 2, 0, 0, 2, 2, 0, 0, 2, 2, 0, 0}, cAttnB);
        // rows 2 and 3 of W_O are (8..11) and (12..15): 1·row2 − 2·row3
        assertArrayEquals(new double[] {8 - 24, 9 - 26, 10 - 28, 11 - 30}, add);
        for (int i = 8; i < 16; i++) assertEquals(0f, cProjW[i]);
        assertEquals(7f, cProjW[7]);

        float[] fcW = new float[d * 3];
        java.util.Arrays.fill(fcW, 1f);
        float[] fcB = {1, 1, 1};
        float[] projW = new float[3 * d];
        for (int i = 0; i < projW.length; i++) projW[i] = i;
        double[] addMlp = new double[d];
        CircuitWeights.removeNeuron(fcW, fcB, projW, addMlp, d, 3, 2, 0.5f);
        for (int i = 0; i < d; i++) assertArrayEquals(new float[] {1, 1, 0}, java.util.Arrays.copyOfRange(fcW, i * 3, i * 3 + 3));
        assertArrayEquals(new float[] {1, 1, 0}, fcB);
        assertArrayEquals(new double[] {4, 4.5, 5, 5.5}, addMlp);
        float[] bias = {1, 1, 1, 1};
        CircuitWeights.addTo(bias, addMlp);
        assertArrayEquals(new float[] {5, 5.5f, 6, 6.5f}, bias);
    }
}
