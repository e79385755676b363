package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.List;

/**
 * Indirect object identification (Wang et al., 2022), in EAP-IG's layout
 * {@code clean,corrupted,corrupted_hard,correct_idx,incorrect_idx}: "When Mary and John went to the store, John gave
 * a drink to" → " Mary" (the indirect object, {@code correct_idx}) vs " John" (the repeated subject,
 * {@code incorrect_idx}). {@code corrupted} replaces the second subject with a third name (the "ABC" corruption);
 * variant "hard" reads {@code corrupted_hard} instead, where it is replaced by the indirect object. Our files add
 * the answers as text ({@code correct}, {@code incorrect}, so they are also pairs files) and the template number.
 */
final class IoiTask {
    static final String NAME = "ioi";
    static final String HARD = "hard";
    static final List<String> COLUMNS = List.of("clean", "corrupted", "corrupted_hard", "correct_idx", "incorrect_idx",
            "correct", "incorrect", "template");

    private IoiTask() {}

    static TaskPairs load(TaskCsv csv, Gpt2Tokenizer tok, int nCtx, boolean bos, String variant) {
        String corruptedColumn = HARD.equals(variant) ? "corrupted_hard" : "corrupted";
        csv.require(List.of("clean", corruptedColumn, "correct_idx", "incorrect_idx"));
        PromptTokens.Builder prompts = new PromptTokens.Builder(tok, bos, nCtx);
        int n = csv.rows().size();
        int[] correct = new int[n];
        int[] incorrect = new int[n];
        for (int i = 0; i < n; i++) {
            TaskCsv.Row row = csv.rows().get(i);
            correct[i] = AnswerIds.id(row, "correct_idx", tok);
            incorrect[i] = AnswerIds.id(row, "incorrect_idx", tok);
            AnswerIds.checkSingle(row, "correct", correct[i], "correct_idx", tok);
            AnswerIds.checkSingle(row, "incorrect", incorrect[i], "incorrect_idx", tok);
            prompts.add(row, row.text("clean"), row.text(corruptedColumn));
        }
        return new TaskPairs(NAME, prompts.build(), new SingleAnswers(correct, incorrect));
    }
}
