package io.circuitlens.kernels;

/**
 * How the elements of one hook's activation in a batch row are summed into units (the components a score is given
 * to). A row-shaped hook is [positions, cols] with each position's cols split into {@code groups} equal parts (heads
 * of [head, d_head], neurons of [d_mlp], or 1 for the whole row); an attention hook is [heads, query, key] with the
 * heads as groups and queries as positions. Units are one per group ({@code perPosition} false: summed over
 * positions) or one per group and position, laid out group-major with {@code positions} slots per group (positions
 * past a prompt's end stay 0).
 */
public record UnitGrouping(boolean attention, int cols, int groups, boolean perPosition, int positions) {
    public UnitGrouping {
        if (groups < 1 || (!attention && (cols < 1 || cols % groups != 0)) || (perPosition && positions < 1)) {
            throw new IllegalArgumentException("bad grouping: " + cols + " cols in " + groups + " groups, positions " + positions);
        }
    }

    public static UnitGrouping rows(int cols, int groups, boolean perPosition, int positions) {
        return new UnitGrouping(false, cols, groups, perPosition, positions);
    }

    public static UnitGrouping attention(int heads, boolean perQuery, int positions) {
        return new UnitGrouping(true, 0, heads, perQuery, positions);
    }

    public int unitsPerRow() {
        return perPosition ? groups * positions : groups;
    }

    /** Width of one group within a position's row (row-shaped hooks). */
    public int width() {
        return cols / groups;
    }

    public int unit(int group, int position) {
        return perPosition ? group * positions + position : group;
    }
}
