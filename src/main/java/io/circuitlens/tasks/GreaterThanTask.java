package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.List;

/**
 * Greater-than (Hanna et al., 2023), layout {@code clean,corrupted,correct_idx}: "The war lasted from the year 1741
 * to the year 17" → a year above 41. {@code correct_idx} is not a token but the start year's last two digits YY
 * (written without padding, as EAP-IG does: 4 for 1704); the corruption starts in XX01. Scored over the 100 tokens
 * "00".."99". Our files add {@code start_year} and {@code noun}.
 */
final class GreaterThanTask {
    static final String NAME = "greater-than";
    static final List<String> COLUMNS = List.of("clean", "corrupted", "correct_idx", "start_year", "noun");

    private GreaterThanTask() {}

    static TaskPairs load(TaskCsv csv, Gpt2Tokenizer tok, int nCtx, boolean bos) {
        csv.require(List.of("clean", "corrupted", "correct_idx"));
        int[] yearTokens = StartYears.yearTokens(tok);
        PromptTokens.Builder prompts = new PromptTokens.Builder(tok, bos, nCtx);
        int n = csv.rows().size();
        int[] yy = new int[n];
        for (int i = 0; i < n; i++) {
            TaskCsv.Row row = csv.rows().get(i);
            yy[i] = row.integer("correct_idx");
            if (yy[i] < 0 || yy[i] > 99) {
                throw row.error("correct_idx should be the start year's last two digits (0..99), got " + yy[i]);
            }
            if (csv.has("start_year") && row.integer("start_year") % 100 != yy[i]) {
                throw row.error("correct_idx " + yy[i] + " is not the last two digits of start_year " + row.text("start_year"));
            }
            prompts.add(row, row.text("clean"), row.text("corrupted"));
        }
        return new TaskPairs(NAME, prompts.build(), new StartYears(yy, yearTokens));
    }
}
