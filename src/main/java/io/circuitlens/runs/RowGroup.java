package io.circuitlens.runs;

import io.circuitlens.kernels.RowMap;

/**
 * Rows of a job that begin at the same place: row i continues prompt {@code rows.prompt(i)} from the input of sublayer
 * {@code sublayer} of a cached state (2L: layer L's attention, 2L + 1: its MLP), or runs that prompt from the
 * embeddings when {@code sublayer} is {@link #EMBEDDINGS}. Passes never mix groups, so a row never starts earlier
 * than it needs to.
 */
public record RowGroup(int sublayer, RowMap rows) {
    public static final int EMBEDDINGS = -1;

    public RowGroup {
        if (sublayer < EMBEDDINGS) throw new IllegalArgumentException("bad sublayer " + sublayer);
    }

    public int size() {
        return rows.rows();
    }
}
