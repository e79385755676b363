package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A head "L.H" or neuron "mL.N" named on the command line, as a table position. */
public record ComponentRef(ComponentKind kind, int layer, int index) {
    private static final Pattern SYNTAX = Pattern.compile("(m?)(\\d+)\\.(\\d+)");

    /** Parses a comma list such as "9.6,9.9,m3.1024". */
    public static List<ComponentRef> parseList(String list) {
        List<ComponentRef> out = new ArrayList<>();
        for (String s : list.split(",")) {
            String t = s.strip();
            if (t.isEmpty()) continue;
            Matcher m = SYNTAX.matcher(t);
            if (!m.matches()) throw new CircuitLensException("component '" + t + "' is not L.H (a head, e.g. 9.6) or mL.N (a neuron, e.g. m3.1024)");
            out.add(new ComponentRef(m.group(1).isEmpty() ? ComponentKind.HEADS : ComponentKind.NEURONS, Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        }
        if (out.isEmpty()) throw new CircuitLensException("no components given");
        return out;
    }

    public String label() {
        return kind.label(layer, index);
    }

    /** The flat index into {@code t} (layer-major), or an error naming the file and the table's size. */
    public int flat(ComponentScores t, String file) {
        if (layer >= t.layers() || index >= t.width()) {
            throw new CircuitLensException(file + ": has no component " + label() + " (its " + kind.tensor() + " table is " + t.layers() + " layers x "
                    + t.width() + ")");
        }
        return layer * t.width() + index;
    }
}
