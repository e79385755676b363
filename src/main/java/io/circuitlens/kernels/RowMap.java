package io.circuitlens.kernels;

import java.util.Arrays;

/**
 * Which prompt each row of a batched pass is a copy of, and for rows on a path (integrated gradients) which step.
 * Either listed row by row, or a slice of a grid: the grid of {@code steps × prompts} rows in step-major order has
 * row r = (step r / prompts, prompt r % prompts), and a pass takes its rows [first, first + count). A backend derives
 * a grid's rows itself, so a pass over a grid transfers nothing per row; a listed map costs one int per row.
 */
public final class RowMap {
    private final int[] listed; // null for a grid
    private final int gridPrompts;
    private final long first;
    private final int count;

    private RowMap(int[] listed, int gridPrompts, long first, int count) {
        this.listed = listed;
        this.gridPrompts = gridPrompts;
        this.first = first;
        this.count = count;
    }

    /** Row i copies prompt prompts[i] (its step is 0). */
    public static RowMap listed(int[] prompts) {
        for (int p : prompts) {
            if (p < 0) throw new IllegalArgumentException("negative prompt index " + p);
        }
        return new RowMap(prompts.clone(), 0, 0, prompts.length);
    }

    /** Rows [first, first + count) of the step-major grid over {@code prompts} prompts. */
    public static RowMap grid(int prompts, long first, int count) {
        if (prompts < 1 || first < 0 || count < 0) {
            throw new IllegalArgumentException("grid of " + prompts + " prompts, rows from " + first + ", " + count + " rows");
        }
        return new RowMap(null, prompts, first, count);
    }

    /** Row i copies prompt i: the grid's first step. */
    public static RowMap identity(int prompts) {
        return grid(prompts, 0, prompts);
    }

    public int rows() {
        return count;
    }

    public boolean isGrid() {
        return listed == null;
    }

    /** Prompts per grid step (grids only). */
    public int gridPrompts() {
        return gridPrompts;
    }

    /** First grid row of this slice (grids only). */
    public long first() {
        return first;
    }

    public int prompt(int row) {
        checkRow(row);
        return listed != null ? listed[row] : (int) ((first + row) % gridPrompts);
    }

    public int step(int row) {
        checkRow(row);
        return listed != null ? 0 : (int) ((first + row) / gridPrompts);
    }

    /** prompt(i) for every row. */
    public int[] prompts() {
        if (listed != null) return listed.clone();
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = (int) ((first + i) % gridPrompts);
        return out;
    }

    /** The largest prompt index any row uses, −1 when there are no rows. */
    public int maxPrompt() {
        if (count == 0) return -1;
        if (listed != null) return Arrays.stream(listed).max().orElse(-1);
        return count >= gridPrompts ? gridPrompts - 1 : Arrays.stream(prompts()).max().orElse(-1);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= count) throw new IndexOutOfBoundsException("row " + row + " of " + count);
    }

    @Override
    public String toString() {
        return listed != null ? "rows" + Arrays.toString(listed) : "grid(" + gridPrompts + " prompts, rows " + first + ".." + (first + count) + ")";
    }
}
