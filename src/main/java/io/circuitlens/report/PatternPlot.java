package io.circuitlens.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Attention patterns as CircuitsVis draws them: one query × key panel per head, token strings on both axes, white (0)
 * to dark blue (1); the positions a causal head cannot see are grey.
 */
public final class PatternPlot {
    private PatternPlot() {}

    public static Figure of(AttentionPatterns a) {
        int t = a.tokens().size();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < t; i++) labels.add(shown(a.tokens().get(i)));
        List<Grid> panels = new ArrayList<>();
        for (AttentionPatterns.Head h : a.heads()) {
            double[] v = new double[t * t];
            String[] tips = new String[t * t];
            for (int q = 0; q < t; q++) {
                for (int k = 0; k < t; k++) {
                    v[q * t + k] = k > q ? Double.NaN : h.pattern()[q * t + k];
                    tips[q * t + k] = "head " + h.label() + ": query " + q + " '" + labels.get(q) + "' → key " + k + " '" + labels.get(k) + "'"
                            + (k > q ? " (masked)" : " = " + Scale.number(h.pattern()[q * t + k]));
                }
            }
            panels.add(new Grid("head " + h.label(), t, t, v, "query token", labels, "key token", labels, null, tips));
        }
        String shown = a.text().length() > 70 ? a.text().substring(0, 67) + "..." : a.text();
        return new HeatmapFigure("Attention patterns: \"" + shown + "\"", panels, ColorScale.sequential(1), "attention probability");
    }

    /** A token as a label: leading spaces kept visible as '·', newlines and tabs escaped, empty tokens marked. */
    static String shown(String token) {
        String s = token.replace("\n", "\\n").replace("\t", "\\t");
        int lead = 0;
        while (lead < s.length() && s.charAt(lead) == ' ') lead++;
        s = "·".repeat(lead) + s.substring(lead);
        return s.isEmpty() ? "∅" : s;
    }
}
