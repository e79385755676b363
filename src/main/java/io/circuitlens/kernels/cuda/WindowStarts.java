package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.RowMap;

/**
 * What a window layout whose rows copy cached prompts uploads so the device can derive it (layoutTables): the first
 * position of each cached prompt's rows, when all rows of a prompt start at the same position (a patched pass's
 * windows: every row from the first position its prompt's pair differs at; prompts no row copies get 0), else the
 * first position of each row ({@code byRow}).
 */
record WindowStarts(int[] table, boolean byRow) {
    static WindowStarts of(BatchLayout layout, RowMap map, int cachedPrompts) {
        int[] byPrompt = new int[cachedPrompts];
        boolean[] seen = new boolean[cachedPrompts];
        for (int r = 0; r < map.rows(); r++) {
            int p = map.prompt(r);
            if (seen[p] && byPrompt[p] != layout.offset(r)) return new WindowStarts(layout.offsets().clone(), true);
            seen[p] = true;
            byPrompt[p] = layout.offset(r);
        }
        return new WindowStarts(byPrompt, false);
    }
}
