package io.circuitlens.runs;

import io.circuitlens.kernels.RowMap;

/**
 * Rows of a job that begin at the same place: row i continues prompt {@code rows.prompt(i)} from stage {@code stage}
 * of a cached state (see {@code model.StartPoint}: 4L + 0 before layer L's attention, + 1 after its mix, + 2 before
 * its MLP, + 3 after its GELU), or runs that prompt from the embeddings when {@code stage} is {@link #EMBEDDINGS}.
 * Passes never mix groups, so a row never starts earlier than it needs to.
 *
 * <p>{@code unchangedBefore} (per prompt of the state; null: none) says the rows' patches leave every position before
 * it as the state has it, so passes compute only the positions from there on (see
 * {@code ForwardOptions.reusingPrefix}); for clean/corrupted pairs it is where the two prompts first differ.
 */
public record RowGroup(int stage, RowMap rows, int[] unchangedBefore) {
    public static final int EMBEDDINGS = -1;

    public RowGroup {
        if (stage < EMBEDDINGS) throw new IllegalArgumentException("bad stage " + stage);
        if (unchangedBefore != null && stage == EMBEDDINGS) throw new IllegalArgumentException("a prefix is reused from a cached state");
        unchangedBefore = unchangedBefore == null ? null : unchangedBefore.clone();
    }

    public RowGroup(int stage, RowMap rows) {
        this(stage, rows, null);
    }

    public int size() {
        return rows.rows();
    }
}
