package io.circuitlens.tasks;

import java.util.List;

/**
 * Writes CSV the way the readers here and pandas read it back: a field is quoted when it holds a comma, quote or line
 * break, and also when it starts or ends with a space (so that the space, which changes GPT-2's tokens, is visibly
 * part of the value). Lines end with LF.
 */
final class CsvFields {
    private CsvFields() {}

    static String line(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(fields.get(i)));
        }
        return out.append('\n').toString();
    }

    static String field(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || value.startsWith(" ") || value.endsWith(" ");
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
