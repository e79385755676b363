package io.circuitlens.model;


/**
 * One intervention: at {@code hook}, in batch row {@code row} (or every row when {@link #ALL_ROWS}), over the
 * selected positions × components (heads for per-head hooks, neurons for MLP hooks, dimensions otherwise; for
 * attention scores/pattern the positions are query positions), apply {@code op}.
 */
public record Patch(HookName hook, int row, Selection positions, Selection components, PatchOp op) {
    public static final int ALL_ROWS = -1;

    public Patch {
        if (row < ALL_ROWS) throw new IllegalArgumentException("row must be >= 0 or ALL_ROWS, got " + row);
    }
}
