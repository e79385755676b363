package io.circuitlens.data;

/**
 * One row of a pairs file: a clean prompt, its corrupted counterpart (same token length), and the correct and
 * incorrect next-token answers, exactly as written (a leading space, as in {@code " Mary"}, is part of the answer).
 * {@code row} is the 1-based data row in the file (the header is not counted), for error messages and outputs.
 */
public record PromptPair(int row, String clean, String corrupted, String correct, String incorrect) {
}
