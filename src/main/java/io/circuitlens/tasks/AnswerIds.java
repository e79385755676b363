package io.circuitlens.tasks;

import io.circuitlens.common.TextQuoting;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.List;

/**
 * Answer token ids as the task files hold them (GPT-2 ids, as in EAP-IG), checked against the model's vocabulary:
 * in range, and, where the file also spells the answer out (our readable columns), equal to how this tokenizer
 * encodes that text, so a file made for another vocabulary fails loudly instead of scoring the wrong tokens.
 */
final class AnswerIds {
    private AnswerIds() {}

    /** The id in {@code column}, which must lie in the vocabulary. */
    static int id(TaskCsv.Row row, String column, Gpt2Tokenizer tok) {
        return inVocab(row, column, row.integer(column), tok);
    }

    /** The ids of a list column like {@code [16840, 23685]}: each in the vocabulary, at least one. */
    static int[] ids(TaskCsv.Row row, String column, Gpt2Tokenizer tok) {
        int[] ids = row.intList(column);
        if (ids.length == 0) throw row.error("column " + column + " lists no answer tokens");
        for (int id : ids) inVocab(row, column, id, tok);
        return ids;
    }

    private static int inVocab(TaskCsv.Row row, String column, int id, Gpt2Tokenizer tok) {
        if (id < 0 || id >= tok.vocabSize()) {
            throw row.error("column " + column + " holds token id " + id + ", outside this vocabulary (0.."
                    + (tok.vocabSize() - 1) + "); the task files hold GPT-2 token ids");
        }
        return id;
    }

    /** If {@code textColumn} is present, the single token its text encodes to must be {@code id}. */
    static void checkSingle(TaskCsv.Row row, String textColumn, int id, String idColumn, Gpt2Tokenizer tok) {
        if (!row.csv().has(textColumn)) return;
        String text = row.text(textColumn);
        int[] ids = tok.encode(text);
        if (ids.length != 1 || ids[0] != id) {
            throw row.error(textColumn + " " + TextQuoting.quote(text, 40) + " encodes to " + describe(ids, tok)
                    + " but " + idColumn + " is " + id + " (" + TextQuoting.quote(tok.token(id), 40)
                    + "); was the file made for another vocabulary?");
        }
    }

    /** If {@code textColumn} is present, {@code " " + text} must start with token {@code id} (EAP-IG's capital-country answers). */
    static void checkFirst(TaskCsv.Row row, String textColumn, int id, String idColumn, Gpt2Tokenizer tok) {
        if (!row.csv().has(textColumn)) return;
        String text = row.text(textColumn);
        int[] ids = tok.encode(" " + text);
        if (ids.length == 0 || ids[0] != id) {
            throw row.error(textColumn + " " + TextQuoting.quote(" " + text, 40) + " starts with "
                    + (ids.length == 0 ? "no token" : describe(new int[] {ids[0]}, tok)) + " but " + idColumn + " is "
                    + id + " (" + TextQuoting.quote(tok.token(id), 40) + ")");
        }
    }

    /** If {@code wordsColumn} is present, its words (each with a leading space) must be the single tokens {@code ids}. */
    static void checkWords(TaskCsv.Row row, String wordsColumn, int[] ids, String idsColumn, Gpt2Tokenizer tok) {
        if (!row.csv().has(wordsColumn)) return;
        List<String> words = row.stringList(wordsColumn);
        if (words.size() != ids.length) {
            throw row.error(wordsColumn + " lists " + words.size() + " words but " + idsColumn + " " + ids.length + " ids");
        }
        for (int i = 0; i < ids.length; i++) {
            int[] enc = tok.encode(" " + words.get(i));
            if (enc.length != 1 || enc[0] != ids[i]) {
                throw row.error(wordsColumn + " word " + TextQuoting.quote(" " + words.get(i), 40) + " encodes to "
                        + describe(enc, tok) + " but " + idsColumn + " has " + ids[i] + " in its place");
            }
        }
    }

    private static String describe(int[] ids, Gpt2Tokenizer tok) {
        StringBuilder out = new StringBuilder(ids.length == 1 ? "token " : ids.length + " tokens ");
        for (int i = 0; i < ids.length; i++) {
            out.append(i == 0 ? "" : " ").append(ids[i]).append(' ').append(TextQuoting.quote(tok.token(ids[i]), 30));
        }
        return out.toString();
    }
}
