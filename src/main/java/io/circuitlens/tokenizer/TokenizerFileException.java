package io.circuitlens.tokenizer;

import io.circuitlens.common.CircuitLensException;
import java.nio.file.Path;

/** Builds the one-line errors for missing or corrupt tokenizer files; every message names the file. */
final class TokenizerFileException {
    private TokenizerFileException() {}

    static CircuitLensException notFound(Path file) {
        return new CircuitLensException("tokenizer file not found: " + file);
    }

    static CircuitLensException unreadable(Path file, Exception cause) {
        return new CircuitLensException("cannot read tokenizer file " + file + ": " + oneLine(cause.toString()), cause);
    }

    static CircuitLensException corrupt(Path file, String problem) {
        return new CircuitLensException("corrupt tokenizer file " + file + ": " + oneLine(problem));
    }

    static CircuitLensException corrupt(Path file, String problem, Throwable cause) {
        return new CircuitLensException("corrupt tokenizer file " + file + ": " + oneLine(problem), cause);
    }

    /** First line only: parser messages can span several lines, and user-facing errors must not. */
    private static String oneLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
