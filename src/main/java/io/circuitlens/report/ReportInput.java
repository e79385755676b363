package io.circuitlens.report;

import java.util.List;

/** What one HTML report shows: results (of one model) and, when asked for, attention patterns. */
public record ReportInput(String title, List<Result> results, AttentionPatterns patterns) {
    public ReportInput {
        results = List.copyOf(results);
    }
}
