package io.circuitlens.cli;

import io.circuitlens.ablation.Stats;

import java.io.PrintWriter;

/** The readable tables the ablation commands print (the full numbers are in the result file). */
final class EvalPrint {
    private EvalPrint() {}

    /** Per-prompt rows printed at most; the rest are in the file. */
    static final int MAX_ROWS = 40;

    static void statsHeader(PrintWriter out) {
        out.printf("%-14s %11s %11s%n", "", "mean", "std");
    }

    static void stats(PrintWriter out, String label, float[] values) {
        Stats s = Stats.of(values);
        out.printf("%-14s %11.4f %11.4f%n", label, s.mean(), s.std());
    }

    /** Columns of per-prompt values under their headers, one row per prompt. */
    static void perPrompt(PrintWriter out, String[] headers, float[]... columns) {
        out.printf("%6s", "prompt");
        for (String h : headers) out.printf(" %11s", h);
        out.println();
        int n = columns[0].length;
        for (int p = 0; p < Math.min(n, MAX_ROWS); p++) {
            out.printf("%6d", p);
            for (float[] c : columns) out.printf(" %11.4f", c[p]);
            out.println();
        }
        if (n > MAX_ROWS) out.printf("... %d more prompts in the result file%n", n - MAX_ROWS);
    }

    static float[] minus(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] - b[i];
        return out;
    }
}
