package io.circuitlens.circuit;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.model.Gpt2Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Lists of heads ({@code L.H}) and neurons ({@code mL.N}): parsing, every component of a kind, the canonical order
 * ties are broken in, and printing.
 */
public final class Components {
    private Components() {}

    /** Heads first, then neurons; each by layer, then index: the order ties are broken in everywhere. */
    public static final Comparator<Component> CANONICAL = Comparator.comparingInt((Component c) -> c.kind().ordinal())
            .thenComparingInt(Component::layer).thenComparingInt(Component::index);

    /**
     * Parses a comma list of {@code heads} (every head), {@code neurons} (every neuron), {@code L.H} and {@code mL.N}, or
     * the name of a file holding such items (one per line or comma-separated; {@code #} starts a comment). Duplicates
     * are dropped, the first occurrence keeping its place.
     */
    public static List<Component> parse(String spec, Gpt2Config cfg) {
        if (spec == null || spec.isBlank()) throw new CircuitLensException("no components given");
        String text = spec;
        String where = "";
        Path file = Path.of(spec.trim());
        if (looksLikeFile(spec) && Files.isRegularFile(file)) {
            try {
                text = String.join(",", Files.readAllLines(file).stream().map(l -> l.replaceAll("#.*", "")).toList());
            } catch (IOException e) {
                throw new CircuitLensException(file + ": cannot read (" + e.getMessage() + ")");
            }
            where = file + ": ";
        }
        LinkedHashSet<Component> out = new LinkedHashSet<>();
        for (String item : text.split("[,\\s]+")) {
            if (item.isEmpty()) continue;
            switch (item) {
                case "heads" -> out.addAll(allHeads(cfg));
                case "neurons" -> out.addAll(allNeurons(cfg));
                default -> {
                    try {
                        out.add(Component.parse(item, cfg));
                    } catch (CircuitLensException e) {
                        // a lone unparsable item may have been meant as a file name
                        String hint = where.isEmpty() && looksLikeFile(spec) ? " (and there is no file of that name)" : "";
                        throw new CircuitLensException(where + e.getMessage() + hint);
                    }
                }
            }
        }
        if (out.isEmpty()) throw new CircuitLensException(where + "no components given");
        return List.copyOf(out);
    }

    /** A component list never contains a path separator; a bare name like "heads" is a keyword, not a file. */
    private static boolean looksLikeFile(String spec) {
        String s = spec.trim();
        return !s.equals("heads") && !s.equals("neurons") && !s.contains(",");
    }

    public static List<Component> allHeads(Gpt2Config cfg) {
        List<Component> out = new ArrayList<>();
        for (int l = 0; l < cfg.nLayers(); l++) for (int h = 0; h < cfg.nHeads(); h++) out.add(Component.head(l, h));
        return out;
    }

    public static List<Component> allNeurons(Gpt2Config cfg) {
        List<Component> out = new ArrayList<>();
        for (int l = 0; l < cfg.nLayers(); l++) for (int n = 0; n < cfg.dMlp(); n++) out.add(Component.neuron(l, n));
        return out;
    }

    /** Space-separated labels, shortened to {@code max} items (for printed tables). */
    public static String labels(List<Component> comps, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(max, comps.size()); i++) sb.append(i == 0 ? "" : " ").append(comps.get(i).label());
        if (comps.size() > max) sb.append(" ... (").append(comps.size()).append(" in all)");
        return sb.toString();
    }
}
