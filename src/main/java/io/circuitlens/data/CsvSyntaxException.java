package io.circuitlens.data;

/** A malformed record, found by {@link CsvReader}; the caller adds the file and row to the message. */
final class CsvSyntaxException extends RuntimeException {
    private final int line;

    CsvSyntaxException(int line, String detail) {
        super(detail);
        this.line = line;
    }

    int line() {
        return line;
    }
}
