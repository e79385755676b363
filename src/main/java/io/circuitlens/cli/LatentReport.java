package io.circuitlens.cli;

import io.circuitlens.compare.LatentAnalysis;
import io.circuitlens.compare.LatentKind;
import io.circuitlens.compare.LatentOutput;
import io.circuitlens.circuit.ScoreFile;
import java.io.PrintWriter;
import java.util.Locale;

import static io.circuitlens.cli.ReportFormat.general;

/** latent's printed report: the convention, which file is which, then per kind the one-direction components. */
final class LatentReport {
    /** Rows printed per list; the files hold them all. */
    static final int SHOWN = 20;

    private LatentReport() {}

    static void print(PrintWriter out, LatentAnalysis a) {
        out.println("convention: noising = clean-to-corrupted (clean run, one component moved to its corrupted value):");
        out.println("            what the clean behaviour NEEDS.");
        out.println("            denoising = corrupted-to-clean (corrupted run, one component restored to its clean value):");
        out.println("            what SUFFICES to restore it.");
        out.println("noising:   " + describe(a.pair().noising()) + ", full effect " + general(a.noisingFull(), 0)
                + " (mean corrupted - mean clean metric)");
        out.println("denoising: " + describe(a.pair().denoising()) + ", full effect " + general(a.denoisingFull(), 0)
                + " (mean clean - mean corrupted metric)");
        if (a.pair().swapped()) out.println("(given in the other order; told apart by the direction in their run metadata)");
        out.println("fraction = prompt-averaged score / its direction's full effect; asymmetry = |noising| - |denoising|");
        out.printf(Locale.ROOT, "one direction only: |fraction| >= %s in one direction and <= %s in the other%n", a.large(), a.small());
        for (String n : a.notes()) out.println("note: " + n);
        for (LatentKind k : a.kinds()) {
            out.println();
            out.printf(Locale.ROOT, "%s (%d layers x %d):%n", k.kind().tensor(), k.noisingScores().layers(), k.noisingScores().width());
            list(out, "noising only (needed, but restoring it alone does not restore the behaviour)", k, k.only(1));
            list(out, "denoising only (restores the behaviour, but removing it is compensated)", k, k.only(-1));
            list(out, "most asymmetric", k, k.mostAsymmetric(LatentOutput.MOST_ASYMMETRIC));
        }
    }

    private static String describe(ScoreFile f) {
        return f.path() + " (" + f.run().describe() + ")";
    }

    private static void list(PrintWriter out, String title, LatentKind k, int[] flat) {
        out.println("  " + title + ": " + flat.length);
        if (flat.length == 0) return;
        out.println("    component      noising   denoising   asymmetry");
        for (int j = 0; j < Math.min(SHOWN, flat.length); j++) {
            int i = flat[j];
            out.println("    " + String.format(Locale.ROOT, "%-10s", k.label(i)) + general(k.noising()[i], 12)
                    + general(k.denoising()[i], 12) + general(k.asymmetry()[i], 12));
        }
        if (flat.length > SHOWN) out.println("    ... " + (flat.length - SHOWN) + " more in the output files");
    }
}
