package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.List;

/**
 * Hypernymy, in the layout of EAP-IG's "hypernymy-comma" task: {@code clean,h1,hypernym,answers,answers_idx,
 * corrupted,c1,corrupted_hypernym,corrupted_answers,corrupted_answers_idx} with the answer sets as Python list
 * literals. ", diamonds and other" → any of " gems", " gemstones" vs the corrupting member's category's answers
 * (", cars and other"). Only the prompts and the two id lists are needed; where {@code answers} and
 * {@code corrupted_answers} are present the ids are checked against those words (each with a leading space).
 * EAP-IG's files also hold {@code prob_diff}: they keep pairs GPT-2 gets right (≥ 0.1); here that is
 * {@link TaskPairs#filterByMetric}.
 */
final class HypernymyTask {
    static final String NAME = "hypernymy";
    static final List<String> COLUMNS = List.of("clean", "h1", "hypernym", "answers", "answers_idx", "corrupted", "c1",
            "corrupted_hypernym", "corrupted_answers", "corrupted_answers_idx");

    private HypernymyTask() {}

    static TaskPairs load(TaskCsv csv, Gpt2Tokenizer tok, int nCtx, boolean bos) {
        csv.require(List.of("clean", "answers_idx", "corrupted", "corrupted_answers_idx"));
        PromptTokens.Builder prompts = new PromptTokens.Builder(tok, bos, nCtx);
        int n = csv.rows().size();
        int[][] correct = new int[n][];
        int[][] incorrect = new int[n][];
        for (int i = 0; i < n; i++) {
            TaskCsv.Row row = csv.rows().get(i);
            correct[i] = AnswerIds.ids(row, "answers_idx", tok);
            incorrect[i] = AnswerIds.ids(row, "corrupted_answers_idx", tok);
            AnswerIds.checkWords(row, "answers", correct[i], "answers_idx", tok);
            AnswerIds.checkWords(row, "corrupted_answers", incorrect[i], "corrupted_answers_idx", tok);
            prompts.add(row, row.text("clean"), row.text("corrupted"));
        }
        return new TaskPairs(NAME, prompts.build(), new AnswerSets(correct, incorrect));
    }
}
