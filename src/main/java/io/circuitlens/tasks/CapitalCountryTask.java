package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.List;

/**
 * Capital → country fact retrieval, in the layout of EAP-IG's "fact-retrieval-comma" task:
 * {@code clean,capital,country,country_idx,corrupted,corrupted_capital,corrupted_country,corrupted_country_idx}.
 * " Tirana, the capital of" → the first token of " Albania" ({@code country_idx}) vs the first token of the
 * corrupting capital's country ({@code corrupted_country_idx}); the corrupted prompt names another capital with the
 * same token length. Only the prompts and the two ids are needed; where {@code country} and {@code corrupted_country}
 * are present the ids are checked against them.
 */
final class CapitalCountryTask {
    static final String NAME = "capital-country";
    static final List<String> COLUMNS = List.of("clean", "capital", "country", "country_idx", "corrupted",
            "corrupted_capital", "corrupted_country", "corrupted_country_idx");

    private CapitalCountryTask() {}

    static TaskPairs load(TaskCsv csv, Gpt2Tokenizer tok, int nCtx, boolean bos) {
        csv.require(List.of("clean", "corrupted", "country_idx", "corrupted_country_idx"));
        PromptTokens.Builder prompts = new PromptTokens.Builder(tok, bos, nCtx);
        int n = csv.rows().size();
        int[] correct = new int[n];
        int[] incorrect = new int[n];
        for (int i = 0; i < n; i++) {
            TaskCsv.Row row = csv.rows().get(i);
            correct[i] = AnswerIds.id(row, "country_idx", tok);
            incorrect[i] = AnswerIds.id(row, "corrupted_country_idx", tok);
            AnswerIds.checkFirst(row, "country", correct[i], "country_idx", tok);
            AnswerIds.checkFirst(row, "corrupted_country", incorrect[i], "corrupted_country_idx", tok);
            prompts.add(row, row.text("clean"), row.text("corrupted"));
        }
        return new TaskPairs(NAME, prompts.build(), new SingleAnswers(correct, incorrect));
    }
}
