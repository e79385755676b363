package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;

import java.util.function.Supplier;

/**
 * Reads an option's value with the library's parser and names the option in the error: the library's messages do
 * not know the command line ("the method must be ap, atp, ig or split-ig, got 'x'"); the user sees
 * "--method: the method must be ...".
 */
final class OptionValues {
    private OptionValues() {}

    static <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (CircuitLensException e) {
            throw new CircuitLensException(option + ": " + e.getMessage(), e);
        }
    }

    /** A check on an option's value, failing with a one-line message that starts with the option. */
    static void require(boolean ok, String option, String message) {
        if (!ok) throw new CircuitLensException(option + " " + message);
    }
}
