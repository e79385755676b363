package io.circuitlens.common;

/**
 * An error caused by the user's input (a file, a prompt, an option), with a one-line message that names what is
 * wrong. The CLI prints only the message (no stack trace unless {@code --verbose}) and exits non-zero.
 */
public class CircuitLensException extends RuntimeException {
    public CircuitLensException(String message) {
        super(message);
    }

    public CircuitLensException(String message, Throwable cause) {
        super(message, cause);
    }
}
