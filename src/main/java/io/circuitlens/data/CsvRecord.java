package io.circuitlens.data;

import java.util.List;

/** One CSV record: its fields and the 1-based line it starts on (a quoted field may span several lines). */
public record CsvRecord(int line, List<String> fields) {
}
