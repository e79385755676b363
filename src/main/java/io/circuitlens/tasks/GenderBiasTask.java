package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.List;

/**
 * Gender bias (as in EAP-IG, after Vig et al., 2020), layout
 * {@code clean,corrupted,clean_answer_idx,corrupted_answer_idx,label}: "The nurse said that" → " she" (the pronoun of
 * the occupation's stereotype, {@code clean_answer_idx}) vs " he" ({@code corrupted_answer_idx}); the corruption
 * replaces the occupation with the opposite-gender noun ("The man said that"). {@code label} is 1 when the clean
 * answer is " he" (a male-stereotyped occupation), 0 for " she"; it is not needed to score and so not read. Our files
 * add {@code correct}, {@code incorrect} (the answers as text), {@code occupation} and {@code stereotype}.
 */
final class GenderBiasTask {
    static final String NAME = "gender-bias";
    static final List<String> COLUMNS = List.of("clean", "corrupted", "clean_answer_idx", "corrupted_answer_idx", "label",
            "correct", "incorrect", "occupation", "stereotype");

    private GenderBiasTask() {}

    static TaskPairs load(TaskCsv csv, Gpt2Tokenizer tok, int nCtx, boolean bos) {
        csv.require(List.of("clean", "corrupted", "clean_answer_idx", "corrupted_answer_idx"));
        PromptTokens.Builder prompts = new PromptTokens.Builder(tok, bos, nCtx);
        int n = csv.rows().size();
        int[] correct = new int[n];
        int[] incorrect = new int[n];
        for (int i = 0; i < n; i++) {
            TaskCsv.Row row = csv.rows().get(i);
            correct[i] = AnswerIds.id(row, "clean_answer_idx", tok);
            incorrect[i] = AnswerIds.id(row, "corrupted_answer_idx", tok);
            AnswerIds.checkSingle(row, "correct", correct[i], "clean_answer_idx", tok);
            AnswerIds.checkSingle(row, "incorrect", incorrect[i], "corrupted_answer_idx", tok);
            prompts.add(row, row.text("clean"), row.text("corrupted"));
        }
        return new TaskPairs(NAME, prompts.build(), new SingleAnswers(correct, incorrect));
    }
}
