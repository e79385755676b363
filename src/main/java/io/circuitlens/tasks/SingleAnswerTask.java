package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks whose prompts have one correct and one incorrect answer token, read by one loader from a table of
 * layouts. A layout names its prompt columns and, per answer, either a column of GPT-2 token ids (EAP-IG's files) —
 * checked against the answer's text where the file also spells it out — or a text column encoded to its single token
 * (the generic pairs file).
 *
 * <ul>
 *   <li>{@code ioi} (Wang et al., 2022), EAP-IG's layout {@code clean,corrupted,corrupted_hard,correct_idx,
 *       incorrect_idx}: "When Mary and John went to the store, John gave a drink to" → " Mary" vs " John". {@code
 *       corrupted} replaces the second subject with a third name ("ABC"); variant {@code hard} reads
 *       {@code corrupted_hard} (the second subject replaced by the indirect object). Our files add {@code correct},
 *       {@code incorrect} and {@code template}.</li>
 *   <li>{@code gender-bias} (EAP-IG, after Vig et al., 2020), {@code clean,corrupted,clean_answer_idx,
 *       corrupted_answer_idx,label}: "The nurse said that" → " she" vs " he"; the corruption names the opposite-gender
 *       noun. Our files add {@code correct}, {@code incorrect}, {@code occupation}, {@code stereotype}.</li>
 *   <li>{@code capital-country} (EAP-IG's fact-retrieval-comma), {@code clean,capital,country,country_idx,corrupted,
 *       corrupted_capital,corrupted_country,corrupted_country_idx}: " Tirana, the capital of" → the first token of
 *       " Albania" vs that of the corrupting capital's country.</li>
 *   <li>{@code pairs}: the generic file {@code clean,corrupted,correct,incorrect}, answers as text, each one token.</li>
 * </ul>
 */
final class SingleAnswerTask {
    private SingleAnswerTask() {}

    /** Where an answer is: an id column (checked against {@code text} if present), or only a text column. */
    record Answer(String idColumn, String textColumn, boolean firstTokenOfSpacedText) {
        static Answer id(String idColumn, String textColumn) {
            return new Answer(idColumn, textColumn, false);
        }

        /** EAP-IG's capital-country answers: the id is the first token of " " + text. */
        static Answer firstToken(String idColumn, String textColumn) {
            return new Answer(idColumn, textColumn, true);
        }

        static Answer text(String textColumn) {
            return new Answer(null, textColumn, false);
        }

        int read(TaskCsv.Row row, Gpt2Tokenizer tok) {
            if (idColumn == null) {
                try {
                    return tok.singleToken(row.text(textColumn));
                } catch (CircuitLensException e) {
                    throw row.error(e.getMessage());
                }
            }
            int id = AnswerIds.id(row, idColumn, tok);
            if (firstTokenOfSpacedText) AnswerIds.checkFirst(row, textColumn, id, idColumn, tok);
            else AnswerIds.checkSingle(row, textColumn, id, idColumn, tok);
            return id;
        }

        /** The columns a file must have for this answer. */
        String required() {
            return idColumn != null ? idColumn : textColumn;
        }
    }

    /** One task's columns: the full layout (what our files write), the prompts, the two answers. */
    record Layout(String name, List<String> columns, String clean, String corrupted, Answer correct, Answer incorrect) {
        List<String> required(String corruptedColumn) {
            return List.of(clean, corruptedColumn, correct.required(), incorrect.required());
        }
    }

    static final Layout IOI = new Layout(Tasks.IOI, List.of("clean", "corrupted", "corrupted_hard", "correct_idx", "incorrect_idx",
            "correct", "incorrect", "template"), "clean", "corrupted", Answer.id("correct_idx", "correct"), Answer.id("incorrect_idx", "incorrect"));
    static final String IOI_HARD = "hard";
    static final Layout GENDER_BIAS = new Layout(Tasks.GENDER_BIAS, List.of("clean", "corrupted", "clean_answer_idx", "corrupted_answer_idx",
            "label", "correct", "incorrect", "occupation", "stereotype"), "clean", "corrupted",
            Answer.id("clean_answer_idx", "correct"), Answer.id("corrupted_answer_idx", "incorrect"));
    static final Layout CAPITAL_COUNTRY = new Layout(Tasks.CAPITAL_COUNTRY, List.of("clean", "capital", "country", "country_idx", "corrupted",
            "corrupted_capital", "corrupted_country", "corrupted_country_idx"), "clean", "corrupted",
            Answer.firstToken("country_idx", "country"), Answer.firstToken("corrupted_country_idx", "corrupted_country"));
    static final Layout PAIRS = new Layout(Tasks.PAIRS, List.of("clean", "corrupted", "correct", "incorrect"), "clean", "corrupted",
            Answer.text("correct"), Answer.text("incorrect"));

    /** Loads a file of this layout; {@code corruptedColumn} is the layout's, or a variant's (ioi's corrupted_hard). */
    static TaskPairs load(Layout layout, TaskCsv csv, Gpt2Tokenizer tok, int nCtx, boolean bos, String corruptedColumn) {
        csv.require(layout.required(corruptedColumn));
        PromptTokens.Builder prompts = new PromptTokens.Builder(tok, bos, nCtx);
        List<Integer> correct = new ArrayList<>();
        List<Integer> incorrect = new ArrayList<>();
        for (TaskCsv.Row row : csv.rows()) {
            correct.add(layout.correct().read(row, tok));
            incorrect.add(layout.incorrect().read(row, tok));
            prompts.add(row, row.text(layout.clean()), row.text(corruptedColumn));
        }
        return new TaskPairs(layout.name(), prompts.build(), new SingleAnswers(correct.stream().mapToInt(Integer::intValue).toArray(),
                incorrect.stream().mapToInt(Integer::intValue).toArray()));
    }
}
