package io.circuitlens.cli;

import io.circuitlens.report.AttributionResult;
import io.circuitlens.report.AutoPlots;
import io.circuitlens.report.Figure;
import io.circuitlens.report.Pictures;
import io.circuitlens.report.ResultFiles;
import io.circuitlens.report.Results;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code --plot DIR}: the pictures of a command's result, written next to it. Shared by every result-writing command. */
final class PlotOptions {
    @Option(names = "--plot", paramLabel = "DIR", description = "Also draw the result's pictures into DIR (see circuitlens plot).")
    Path dir;

    @Option(names = "--plot-format", defaultValue = "svg", paramLabel = "svg|png", converter = FormatConverter.class,
            description = "Format of the --plot pictures (default ${DEFAULT-VALUE}).")
    Pictures.Format format;

    /** Checks the format while parsing, so that a typo fails before the command's long run rather than after it. */
    static final class FormatConverter implements ITypeConverter<Pictures.Format> {
        @Override
        public Pictures.Format convert(String value) {
            return switch (value) {
                case "svg" -> Pictures.Format.SVG;
                case "png" -> Pictures.Format.PNG;
                default -> throw new TypeConversionException("must be svg or png, got '" + value + "'");
            };
        }
    }

    /** Draws the pictures of the result file just written (nothing without --plot). */
    void draw(Path result, PrintWriter out) {
        if (dir == null) return;
        report(out, AutoPlots.write(AutoPlots.of(ResultFiles.read(result)), dir, AutoPlots.stem(result), format));
    }

    /** Draws the comparison pictures of two results (compare's --plot). */
    void drawComparison(Path a, Path b, PrintWriter out) {
        if (dir == null) return;
        List<AttributionResult> both = Results.all(ResultFiles.read(List.of(a, b)), AttributionResult.class, "compare --plot");
        Map<String, Figure> figures = AutoPlots.comparison(both.get(0), both.get(1));
        report(out, AutoPlots.write(figures, dir, AutoPlots.stem(a) + "-vs-" + AutoPlots.stem(b), format));
    }

    private static void report(PrintWriter out, List<Path> files) {
        out.println("pictures: " + String.join(", ", files.stream().map(Path::toString).toList()));
        out.flush();
    }
}
