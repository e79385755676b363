package io.circuitlens.kernels;

/** What the patch kernel does to each element of a segment. */
public enum PatchMode {
    /** dst += alpha · (src − dst): alpha = 1 sets dst to src; other alphas interpolate (integrated gradients). */
    BLEND,
    /** dst += alpha · src (steering / adding a vector). */
    ADD,
    /** dst = 0 (zero ablation); src is not read. */
    ZERO
}
