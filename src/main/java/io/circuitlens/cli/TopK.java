package io.circuitlens.cli;

import java.util.PriorityQueue;

/** Softmax and top-k over a logit vector, for printing predictions. */
final class TopK {
    private TopK() {}

    /** Softmax in double precision (float exp underflows for peaked distributions). */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /** Indices of the k largest values, largest first (ties: lower index first). */
    static int[] indices(float[] v, int k) {
        PriorityQueue<Integer> heap = new PriorityQueue<>((a, b) -> v[a] != v[b] ? Float.compare(v[a], v[b]) : Integer.compare(b, a));
        for (int i = 0; i < v.length; i++) {
            heap.add(i);
            if (heap.size() > k) heap.poll();
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) out[i] = heap.poll();
        return out;
    }

}
