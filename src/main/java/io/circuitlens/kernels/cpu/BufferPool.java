package io.circuitlens.kernels.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Released arrays kept for reuse, by exact length. Repeated forward passes of one shape (patching sweeps, IG
 * steps) then allocate nothing: allocating and collecting the ~100 MB logits array of GPT-2 small every pass cost
 * a fifth of the forward time. Bounded, so a change of shapes cannot hoard memory.
 */
final class BufferPool {
    private final long maxFloats;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long held;

    BufferPool(long maxFloats) {
        this.maxFloats = maxFloats;
    }

    /** A pool that may hold up to a quarter of the heap. */
    static BufferPool forHeap() {
        return new BufferPool(Runtime.getRuntime().maxMemory() / 4 / Float.BYTES);
    }

    /** A zero-filled array of length n, reused when one is free. */
    synchronized float[] take(int n) {
        ArrayDeque<float[]> q = free.get(n);
        if (q != null && !q.isEmpty()) {
            float[] a = q.pop();
            held -= n;
            java.util.Arrays.fill(a, 0f);
            return a;
        }
        return null;
    }

    synchronized void give(float[] a) {
        if (held + a.length > maxFloats) return; // let the garbage collector have it
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        held += a.length;
    }

    synchronized void clear() {
        free.clear();
        held = 0;
    }
}
