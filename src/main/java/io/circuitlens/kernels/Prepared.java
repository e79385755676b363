package io.circuitlens.kernels;

/**
 * A host description ({@link BatchLayout}, {@link PatchSegments}, {@link RowMap}, {@link MetricSpec}) made ready for
 * one backend's kernels: the CPU backend keeps the host object; a GPU backend keeps device copies of its tables, made
 * once and used by every kernel of a pass (a layout serves every attention kernel of every layer, forward and
 * backward). Close it to free what the backend holds.
 */
public interface Prepared<T> extends AutoCloseable {
    /** The description this was prepared from. */
    T host();

    @Override
    void close();
}
