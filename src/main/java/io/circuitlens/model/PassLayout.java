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
    private int holders = 1;

    private PassLayout(BatchLayout host, Prepared<BatchLayout> prepared, Prepared<RowMap> rows) {
        this.host = host;
        this.prepared = prepared;
        this.rows = rows;
    }

    /** A pass from the embeddings whose row i is prompt map.prompt(i) of a batch: the layout's tables are uploaded. */
    static PassLayout of(Kernels k, BatchLayout host, RowMap map) {
        Prepared<RowMap> rows = k.prepare(map);
        return new PassLayout(host, k.prepare(host), rows);
    }

    /** A batch whose rows copy prompts of a cached batch: derived on the backend from that batch's layout. */
    static PassLayout of(Kernels k, PassLayout prompts, RowMap map, int nHeads) {
        int[] lengths = new int[map.rows()];
        for (int r = 0; r < lengths.length; r++) lengths[r] = prompts.host.length(map.prompt(r));
        BatchLayout host = BatchLayout.of(lengths, nHeads);
        Prepared<RowMap> rows = k.prepare(map);
        return new PassLayout(host, k.prepare(host, prompts.prepared, rows), rows);
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
            rows.close();
        }
    }
}
