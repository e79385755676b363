package io.circuitlens.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.common.CircuitLensException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The self-contained HTML report: one file holding the data (JSON), ECharts (inlined from the build's copy of the
 * Maven Central webjar) and the page's own script and style, so it opens offline, by mail, from a cluster's disk.
 */
public final class HtmlReport {
    static final String ECHARTS = "echarts/echarts.min.js";
    static final String SCRIPT = "report.js";
    static final String STYLE = "report.css";

    private HtmlReport() {}

    /** The page for {@code in}; {@code generated} is the time stamp it shows. */
    public static String render(ReportInput in, String generated) {
        String data;
        try {
            data = new ObjectMapper().writeValueAsString(ReportData.of(in, generated));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers: cannot happen
        }
        StringBuilder b = new StringBuilder(1_200_000);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"circuitlens 0.1.0\">\n")
                .append("<title>").append(SvgCanvas.escape(in.title())).append("</title>\n")
                .append("<style>\n").append(resource(STYLE)).append("</style>\n</head>\n<body>\n")
                .append("<noscript><p>This report draws its charts with JavaScript; please allow scripts for this file.</p></noscript>\n")
                .append("<main id=\"app\"></main>\n")
                // "</" inside a script element would end it early; JSON allows the escaped form
                .append("<script id=\"circuitlens-data\" type=\"application/json\">").append(data.replace("</", "<\\/")).append("</script>\n")
                .append("<script>\n").append(resource(ECHARTS)).append("\n</script>\n")
                .append("<script>\n").append(resource(SCRIPT)).append("\n</script>\n")
                .append("</body>\n</html>\n");
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new CircuitLensException("report asset " + name + " is missing from the build; rebuild with mvn package");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CircuitLensException("cannot read report asset " + name + " (" + e.getMessage() + ")", e);
        }
    }
}
