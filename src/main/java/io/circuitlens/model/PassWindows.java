package io.circuitlens.model;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.RowMap;

/**
 * The rows a pass computes, when it computes fewer than its prompts' positions. A pass whose patches leave a prefix
 * unchanged runs on a <em>window</em> ({@link #main}: each row from its first changed position; causal prefix reuse),
 * with attention over the whole prompts ({@link #full}: the prefix's keys and values come from the cached run). From
 * the last layer's attention mix on nothing mixes positions, so a pass that only needs its metric can drop to one
 * row per prompt ({@link #last}). Without either, all three are the pass's own layout and nothing is copied.
 */
final class PassWindows implements AutoCloseable {
    final PassLayout main;
    final PassLayout full;
    final PassLayout last; // null: the pass keeps its rows to the end
    final Prepared<RowMap> self; // batch row i ↔ batch row i, to move rows between these layouts
    private final Kernels k;
    private PassLayout now;

    private PassWindows(Kernels k, PassLayout main, PassLayout full, PassLayout last, Prepared<RowMap> self) {
        this.k = k;
        this.main = main;
        this.full = full;
        this.last = last;
        this.self = self;
        this.now = main;
    }

    /**
     * For a pass on {@code main} whose rows continue the prompts of {@code prompts} (null: a pass from the embeddings);
     * {@code metricRowsOnly}: drop to the last rows after the last attention mix.
     */
    static PassWindows of(Kernels k, PassLayout main, PassLayout prompts, boolean metricRowsOnly) {
        BatchLayout host = main.host;
        boolean windowed = host.windowed();
        boolean shrink = metricRowsOnly && !host.lastRows().equals(host);
        if (!windowed && !shrink) return new PassWindows(k, main, main, null, null);
        PassLayout full = windowed ? main.sibling(k, host.full(), prompts, null) : main;
        PassLayout last = null;
        if (shrink) {
            int[] lastPositions = null;
            if (prompts != null) {
                lastPositions = new int[prompts.host.prompts()];
                for (int p = 0; p < lastPositions.length; p++) lastPositions[p] = prompts.host.end(p) - 1;
            }
            last = main.sibling(k, host.lastRows(), prompts, lastPositions);
        }
        return new PassWindows(k, main, full, last, k.prepare(RowMap.identity(host.prompts())));
    }

    /** Whether attention needs its keys, values and queries moved between the window and the whole prompts. */
    boolean windowed() {
        return full != main;
    }

    /** The layout the pass is on now: main, then last once it has dropped to the metric rows. */
    PassLayout now() {
        return now;
    }

    /** Whether the pass drops to the metric rows inside layer {@code layer} (the last one, when it shrinks). */
    boolean shrinksIn(int layer, int nLayers) {
        return last != null && layer == nLayers - 1;
    }

    void dropToLastRows() {
        if (last == null) throw new IllegalStateException("this pass keeps its rows");
        now = last;
    }

    /**
     * Copies the rows both layouts hold from a [rows, cols] view in layout {@code from} to one in layout {@code to}
     * (window ← whole prompts, whole prompts ← window, last rows ← window, window ← last rows).
     */
    void move(Buf src, long srcOffset, int srcLd, PassLayout from, Buf dst, long dstOffset,
              int dstLd, PassLayout to, int cols) {
        k.interpolatePromptRows(dst, dstOffset, dstLd, to.prepared, null, src, srcOffset, srcLd, from.prepared, self, null, cols);
    }

    private boolean closed;

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (full != main) full.release();
        if (last != null) last.release();
        if (self != null) self.close();
    }
}
