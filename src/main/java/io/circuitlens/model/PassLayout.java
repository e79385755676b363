package io.circuitlens.model;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.RowMap;

/**
 * The layout of one pass's batch on the host and prepared on the backend, with the map from its rows to the prompts
 * they copy (the identity for a pass from the embeddings). Shared by the pass, its activation caches and its gradients,
 * which may outlive the pass: freed when the last holder releases it.
 */
final class PassLayout {
    final BatchLayout host;
    final Prepared<BatchLayout> prepared;
    final Prepared<RowMap> rows;
    private final boolean ownsRows; // false for another layout of a pass's rows, which lives no longer than the pass
    private int holders = 1;

    private PassLayout(BatchLayout host, Prepared<BatchLayout> prepared, Prepared<RowMap> rows, boolean ownsRows) {
        this.host = host;
        this.prepared = prepared;
        this.rows = rows;
        this.ownsRows = ownsRows;
    }

    /** A pass from the embeddings whose row i is prompt map.prompt(i) of a batch: the layout's tables are uploaded. */
    static PassLayout of(Kernels k, BatchLayout host, RowMap map) {
        Prepared<RowMap> rows = k.prepare(map);
        return new PassLayout(host, k.prepare(host), rows, true);
    }

    /**
     * A batch whose rows copy prompts of a cached batch: derived on the backend from that batch's layout. With
     * {@code firstPositions} (per cached prompt; null: whole prompts) each row is a window from that position on
     * (at least its last token).
     */
    static PassLayout of(Kernels k, PassLayout prompts, RowMap map, int nHeads, int[] firstPositions) {
        Prepared<RowMap> rows = k.prepare(map);
        return new PassLayout(windows(prompts, map, nHeads, firstPositions), k.prepare(windows(prompts, map, nHeads, firstPositions),
                prompts.prepared, rows), rows, true);
    }

    private static BatchLayout windows(PassLayout prompts, RowMap map, int nHeads, int[] firstPositions) {
        int[] ends = new int[map.rows()];
        int[] offsets = new int[map.rows()];
        for (int r = 0; r < ends.length; r++) {
            int p = map.prompt(r);
            ends[r] = prompts.host.end(p);
            if (firstPositions != null) offsets[r] = Math.clamp(firstPositions[p], 0, ends[r] - 1);
        }
        return BatchLayout.windows(offsets, ends, nHeads);
    }

    /**
     * The same rows in another layout of their prompts (whole prompts instead of a window, the last rows only),
     * sharing this pass's row map: derived on the backend from the cached prompts' layout when the pass has one
     * ({@code prompts}, with {@code firstPositions} per cached prompt), else uploaded. Lives no longer than the pass.
     */
    PassLayout sibling(Kernels k, BatchLayout other, PassLayout prompts, int[] firstPositions) {
        if (prompts == null) return new PassLayout(other, k.prepare(other), rows, false);
        BatchLayout derived = windows(prompts, rows.host(), other.nHeads(), firstPositions);
        if (!derived.equals(other)) throw new IllegalStateException("sibling layout " + other + " is not " + derived);
        return new PassLayout(other, k.prepare(other, prompts.prepared, rows), rows, false);
    }

    synchronized PassLayout retain() {
        if (holders == 0) throw new IllegalStateException("layout used after release");
        holders++;
        return this;
    }

    synchronized void release() {
        if (holders == 0) return;
        if (--holders == 0) {
            prepared.close();
            if (ownsRows) rows.close();
        }
    }
}
