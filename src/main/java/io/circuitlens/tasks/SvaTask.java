package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.List;

/**
 * Subject-verb agreement, layout {@code clean,corrupted,group,plural} (EAP-IG's): "The keys on the cabinet" → a plural
 * verb; the corruption flips the subject's number ("The key on the cabinet"). {@code plural} is 1 when the clean
 * subject is plural; the metric compares the plural verb tokens with the singular ones (see {@link SvaVerbs}),
 * positively when they agree with the clean subject. {@code group} names the construction and is not needed.
 * Our files add {@code subject} and {@code attractor}.
 */
final class SvaTask {
    static final String NAME = "sva";
    static final List<String> COLUMNS = List.of("clean", "corrupted", "group", "plural", "subject", "attractor");

    private SvaTask() {}

    static TaskPairs load(TaskCsv csv, Gpt2Tokenizer tok, int nCtx, boolean bos, Path wordlistsDir) {
        csv.require(List.of("clean", "corrupted", "plural"));
        SvaVerbs verbs = SvaVerbs.load(wordlistsDir, tok);
        PromptTokens.Builder prompts = new PromptTokens.Builder(tok, bos, nCtx);
        int n = csv.rows().size();
        int[][] correct = new int[n][];
        int[][] incorrect = new int[n][];
        for (int i = 0; i < n; i++) {
            TaskCsv.Row row = csv.rows().get(i);
            int plural = row.integer("plural");
            if (plural != 0 && plural != 1) throw row.error("plural should be 0 or 1, got " + plural);
            correct[i] = plural == 1 ? verbs.plural() : verbs.singular();
            incorrect[i] = plural == 1 ? verbs.singular() : verbs.plural();
            prompts.add(row, row.text("clean"), row.text("corrupted"));
        }
        return new TaskPairs(NAME, prompts.build(), new AnswerSets(correct, incorrect));
    }
}
