package io.circuitlens.model;

import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.PatchSegments;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.Kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activations a forward pass kept for its backward pass: per-layer {@link LayerTape}s from the start layer up, the
 * final layer norm's input and scale, every patch as it was executed, and the rows the pass computed (a window pass's
 * q, k, v and pattern cover the whole prompts; the last layer may end on the metric rows only).
 */
final class ForwardTape implements AutoCloseable {
    final StartPoint start; // null: started at the embeddings
    final PassWindows windows; // the rows the pass computed (owned by the tape)
    final LayerTape[] layers;
    Buf residFinal;
    Buf scaleFinal;
    Buf unembedding; // the W_E rows of the logit columns when only some were computed (null: all of W_E)
    final Map<HookName, List<HookRuntime.AppliedPatch>> patches = new java.util.HashMap<>();
    private final List<Buf> owned = new ArrayList<>();
    private final List<Prepared<PatchSegments>> segments = new ArrayList<>();
    private final Kernels k;

    ForwardTape(Kernels k, int nLayers, StartPoint start, PassWindows windows) {
        this.k = k;
        this.layers = new LayerTape[nLayers];
        this.start = start;
        this.windows = windows;
    }

    Buf own(Buf b) {
        owned.add(b);
        return b;
    }

    /** Keeps the forward pass's compiled patches alive for the backward pass. */
    void keep(List<Prepared<PatchSegments>> compiled) {
        segments.addAll(compiled);
    }

    int firstLayer() {
        return start == null ? 0 : start.layer();
    }

    @Override
    public void close() {
        for (Buf b : owned) k.release(b);
        owned.clear();
        for (Prepared<PatchSegments> p : segments) p.close();
        segments.clear();
        windows.close();
    }
}
