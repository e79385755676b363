package io.circuitlens.cli;

import io.circuitlens.io.AtomicFiles;
import io.circuitlens.report.AttentionPatterns;
import io.circuitlens.report.HtmlReport;
import io.circuitlens.report.ReportInput;
import io.circuitlens.report.Result;
import io.circuitlens.report.ResultFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code circuitlens report}: one self-contained HTML page of result files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Write one self-contained HTML page of result files of one model, readable offline.",
        description = "Write one self-contained HTML page (opens offline: data and ECharts inlined) of result files of one model: "
                + "their run records, interactive score heatmaps (hover: component, score, rank in every method, prompt), "
                + "comparisons of every pair of results (side by side, scatter, correlations, top-k overlap, outliers), latent "
                + "components of noising/denoising pairs, a sortable table of components, ablation curves, faithfulness and IG "
                + "paths; with --model and --text also attention patterns (the only part that runs the model).")
final class ReportCommand implements Runnable {
    @Parameters(paramLabel = "RESULT", arity = "1..*", description = "Result files of attribute, ablation-table, curve, prune, faithfulness or ablate.")
    List<Path> results;

    @Option(names = "--out", required = true, paramLabel = "REPORT.html", description = "The page (written atomically).")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Page title (default: circuitlens report: the first result's data).")
    String title;

    @Mixin
    PatternOptions pattern;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<Result> rs = ResultFiles.read(results);
        AttentionPatterns patterns = pattern.asked() ? pattern.capture(rs) : null;
        String t = title != null ? title : "circuitlens report: " + describe(rs.getFirst());
        String page = HtmlReport.render(new ReportInput(t, rs, patterns), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        AtomicFiles.writeString(out, page);
        spec.commandLine().getOut().printf("wrote %s (%d result%s, %.1f MB)%n", out, rs.size(), rs.size() == 1 ? "" : "s", page.length() / 1e6);
        spec.commandLine().getOut().flush();
    }

    private static String describe(Result r) {
        String data = r.meta().get("data");
        return data != null ? data : r.meta().name();
    }
}
