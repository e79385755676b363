package io.circuitlens.report;

import java.util.List;

/**
 * One heatmap panel: {@code rows × cols} values (row-major), the labels of both axes, and optionally a short text
 * and a hover text per cell (null arrays for none; null entries for cells without).
 */
public record Grid(String title, int rows, int cols, double[] values, String rowTitle, List<String> rowLabels, String colTitle,
                   List<String> colLabels, String[] cellText, String[] tooltips) {
    public Grid {
        if (values.length != rows * cols) throw new IllegalArgumentException(rows + " x " + cols + " grid with " + values.length + " values");
        if (rowLabels.size() != rows || colLabels.size() != cols) throw new IllegalArgumentException("label counts do not match the grid");
        rowLabels = List.copyOf(rowLabels);
        colLabels = List.copyOf(colLabels);
    }

    /** "0", "1", ... n−1: the axis labels of layers, heads, ranks. */
    public static List<String> indices(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }
}
