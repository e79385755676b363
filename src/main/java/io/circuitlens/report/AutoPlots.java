package io.circuitlens.report;

import io.circuitlens.circuit.ComponentKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pictures that go with a result (what {@code --plot DIR} writes): each under a short name. */
public final class AutoPlots {
    /** Neurons per layer in the top-k neuron picture. */
    public static final int TOP_NEURONS = 10;

    private AutoPlots() {}

    /** name → figure for one result. */
    public static Map<String, Figure> of(Result r) {
        Map<String, Figure> out = new LinkedHashMap<>();
        switch (r) {
            case AttributionResult a -> {
                if (a.has(ComponentKind.HEADS)) out.put("heads", ScorePlots.heads(a, -1));
                if (a.has(ComponentKind.NEURONS)) out.put("neurons", ScorePlots.neurons(a, -1, TOP_NEURONS, 0));
                ComponentKind main = a.has(ComponentKind.HEADS) ? ComponentKind.HEADS : ComponentKind.NEURONS;
                out.put("bars", ScorePlots.bars(List.of(a), null, main, ScorePlots.DEFAULT_TOP));
                for (ComponentKind k : a.paths().keySet()) out.put("path-" + k.tensor(), CurvePlots.path(a, k, -1));
            }
            case CurveResult c -> out.put("curve", CurvePlots.curves(List.of(c)));
            case FaithfulnessResult f -> out.put("faithfulness", CurvePlots.faithfulness(f));
            case AblateResult b -> out.put("ablation", CurvePlots.ablation(b));
        }
        return out;
    }

    /** name → figure for two results compared: side-by-side heatmaps, scatter and outlier bars per shared kind. */
    public static Map<String, Figure> comparison(AttributionResult a, AttributionResult b) {
        Map<String, Figure> out = new LinkedHashMap<>();
        for (ComponentKind k : ComponentKind.values()) {
            if (!a.has(k) || !b.has(k)) continue;
            out.put("compare-" + k.tensor(), ScorePlots.compare(a, b, k, -1));
            out.put("scatter-" + k.tensor(), ScorePlots.scatter(a, b, k));
            out.put("outliers-" + k.tensor(), ScorePlots.bars(List.of(a, b), null, k, ScorePlots.DEFAULT_TOP));
        }
        return out;
    }

    /** Writes each figure as DIR/STEM-NAME.EXT and returns the files. */
    public static List<Path> write(Map<String, Figure> figures, Path dir, String stem, Pictures.Format format) {
        List<Path> out = new ArrayList<>();
        for (var e : figures.entrySet()) {
            Path file = dir.resolve(stem + "-" + e.getKey() + "." + format.extension());
            Pictures.write(e.getValue(), file);
            out.add(file);
        }
        return out;
    }

    /** "ig" for "ig.safetensors": the stem of a result's pictures. */
    public static String stem(Path result) {
        String name = result.getFileName() == null ? "result" : result.getFileName().toString();
        return name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
    }
}
