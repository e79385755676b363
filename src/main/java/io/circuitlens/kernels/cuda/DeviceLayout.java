package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.BatchLayout;

/**
 * A {@link BatchLayout} on the device: the tables the kernels of a pass read (len, offset, rowStart, attnStart,
 * tileStart, kernels/README.md), each with one entry per prompt and, for the prefix tables, a total after the last.
 * Only the lengths (and a window's offsets) are uploaded; the layoutTables kernel derives the rest, so a layout of
 * rows copying cached prompts costs no transfer at all, or one int per cached prompt when it is a window. That int
 * table, where there is one, lives at the end of the same block.
 */
final class DeviceLayout extends DeviceTables<BatchLayout> {
    final int prompts;
    /** Attention tiles of 32 rows over all prompts: grid.x of the attention kernels. */
    final int tiles;

    /** A layout's tables with room for {@code firstPositions} more int32 entries (the first positions uploaded). */
    DeviceLayout(BatchLayout layout, DevicePool pool, int firstPositions) {
        super(layout, pool, 24L * layout.prompts() + 16 + 4L * firstPositions);
        this.prompts = layout.prompts();
        long t = 0;
        for (int len : layout.lengths()) t += (len + 31) / 32;
        this.tiles = Math.toIntExact(t);
    }

    /** int64 [prompts + 1]: first element of each prompt's [nHeads, len, len] attention block. */
    long attnStart() {
        return at(0);
    }

    /** int32 [prompts]: rows per prompt (its tokens unless this is a window). */
    long len() {
        return at(8L * (prompts + 1));
    }

    /** int32 [prompts], right after len: first position each prompt's rows hold (0 unless this is a window). */
    long offset() {
        return at(12L * prompts + 8);
    }

    /** int32 [prompts + 1]: first row of each prompt. */
    long rowStart() {
        return at(16L * prompts + 8);
    }

    /** int32 [prompts + 1]: first attention tile of each prompt. */
    long tileStart() {
        return at(20L * prompts + 12);
    }

    /** int32 [firstPositions]: the first positions a derived window was given (per cached prompt). */
    long firstPositions() {
        return at(24L * prompts + 16);
    }
}
