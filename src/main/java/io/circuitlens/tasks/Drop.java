package io.circuitlens.tasks;

/** Why a generated candidate row was left out; the dataset command prints a count per reason. */
public enum Drop {
    /** An answer (or every word of an answer set) is not one GPT-2 token with its leading space. */
    ANSWER_NOT_SINGLE_TOKEN("answer not a single token"),
    /** The clean and corrupted prompts (or ioi's hard corruption) tokenise to different lengths. */
    UNEQUAL_LENGTH("clean/corrupted token lengths differ"),
    /** greater-than: the start year is not tokenised as " CC" + "YY", so the model's next token is not a YY. */
    YEAR_SPLIT("year not split as ' CC' + 'YY'"),
    /** capital-country: both countries begin with the same token, so the two answers are one token. */
    SAME_ANSWER("both answers are the same token"),
    /** hypernymy: the two categories share an answer word. */
    OVERLAPPING_ANSWERS("answer sets overlap");

    public final String label;

    Drop(String label) {
        this.label = label;
    }
}
