package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.BatchLayout;

/**
 * A {@link BatchLayout} on the device: the tables every attention kernel of a pass reads (len, rowStart, attnStart,
 * tileStart, kernels/README.md), each with one entry per prompt and a total after the last. Only the lengths are
 * uploaded; the layoutTables kernel derives the rest, so a layout of rows copying cached prompts costs no transfer
 * at all.
 */
final class DeviceLayout extends DeviceTables<BatchLayout> {
    final int prompts;
    /** Attention tiles of 32 rows over all prompts: grid.x of the attention kernels. */
    final int tiles;

    DeviceLayout(BatchLayout layout, DevicePool pool) {
        super(layout, pool, 20L * layout.prompts() + 16);
        this.prompts = layout.prompts();
        long t = 0;
        for (int len : layout.lengths()) t += (len + 31) / 32;
        this.tiles = Math.toIntExact(t);
    }

    /** int64 [prompts + 1]: first element of each prompt's [nHeads, len, len] attention block. */
    long attnStart() {
        return at(0);
    }

    /** int32 [prompts]: tokens per prompt. */
    long len() {
        return at(8L * (prompts + 1));
    }

    /** int32 [prompts + 1]: first row of each prompt. */
    long rowStart() {
        return at(12L * prompts + 8);
    }

    /** int32 [prompts + 1]: first attention tile of each prompt. */
    long tileStart() {
        return at(16L * prompts + 12);
    }
}
