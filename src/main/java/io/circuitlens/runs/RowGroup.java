package io.circuitlens.runs;

import io.circuitlens.kernels.RowMap;

/**
 * Rows of a job that begin at the same place: row i continues prompt {@code rows.prompt(i)} from stage {@code stage}
 * of a cached state (see {@code model.StartPoint}: 4L + 0 before layer L's attention, + 1 after its mix, + 2 before
 * its MLP, + 3 after its GELU), or runs that prompt from the embeddings when {@code stage} is {@link #EMBEDDINGS}.
 * Passes never mix groups, so a row never starts earlier than it needs to.
 */
public record RowGroup(int stage, RowMap rows) {
    public static final int EMBEDDINGS = -1;

    public RowGroup {
        if (stage < EMBEDDINGS) throw new IllegalArgumentException("bad stage " + stage);
    }

    public int size() {
        return rows.rows();
    }
}
