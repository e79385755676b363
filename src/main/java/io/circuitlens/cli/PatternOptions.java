package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.Backend;
import io.circuitlens.CircuitLens;
import io.circuitlens.report.AttentionPatterns;
import io.circuitlens.report.AttributionResult;
import io.circuitlens.report.ComponentRef;
import io.circuitlens.report.PatternCapture;
import io.circuitlens.report.Result;
import io.circuitlens.report.ScoreViews;
import picocli.CommandLine.Option;

import java.util.List;

/** The attention-pattern view's options (plot pattern, report): the only pictures that run the model. */
final class PatternOptions {
    /** Heads drawn when none are named: the strongest of the first result with head scores. */
    static final int DEFAULT_HEADS = 4;

    @Option(names = "--model", paramLabel = "M", description = "Attention patterns: the model to run (folder or Hugging Face name).")
    String model;

    @Option(names = "--text", paramLabel = "TEXT", description = "Attention patterns: the prompt.")
    String text;

    @Option(names = "--heads", paramLabel = "LIST", description = "Attention patterns: heads L.H (default: the 4 strongest heads of the first result with head scores).")
    String heads;

    @Option(names = "--no-bos", description = "Attention patterns: do not prepend <|endoftext|>.")
    boolean noBos;

    @Option(names = "--threads", paramLabel = "N", description = "Attention patterns: CPU threads (default: all processors).")
    Integer threads;

    /** Whether a pattern view was asked for (--model or --text given). */
    boolean asked() {
        return model != null || text != null || heads != null;
    }

    /** Runs the model on --text and returns the chosen heads' patterns. */
    AttentionPatterns capture(List<Result> results) {
        if (model == null || text == null) throw new CircuitLensException("attention patterns need both --model and --text");
        List<ComponentRef> hs = heads != null ? ComponentRef.parseList(heads) : ScoreViews.strongestHeads(firstWithHeads(results), DEFAULT_HEADS);
        // a few heads' patterns of one text: the CPU, whatever else is installed
        Backend cpu = Backend.defaults().device(io.circuitlens.kernels.backends.Device.CPU);
        Backend backend = threads == null ? cpu : OptionValues.parse("--threads", () -> cpu.threads(threads));
        try (CircuitLens lens = CircuitLens.open(model, backend)) {
            return PatternCapture.run(lens.model(), text, !noBos, hs);
        }
    }

    private static AttributionResult firstWithHeads(List<Result> results) {
        for (Result r : results) if (r instanceof AttributionResult a && a.has(ComponentKind.HEADS)) return a;
        throw new CircuitLensException("give --heads: no result has head scores to pick the strongest heads from");
    }
}
