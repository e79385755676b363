package io.circuitlens.compare;

import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;

/** double results to the F32 / I64 tensors written to safetensors. */
final class Tensors {
    private Tensors() {}

    static FloatTensor floats(double[] v, int... shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return new FloatTensor(shape, f);
    }

    static FloatTensor floats(double[][] rows, int width) {
        double[] flat = new double[rows.length * width];
        for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, flat, r * width, width);
        return floats(flat, rows.length, width);
    }

    static LongTensor longs(long[] v, int... shape) {
        return new LongTensor(shape, v);
    }

    /** [count, 2] (layer, index) of flat component indices. */
    static LongTensor components(int[] flat, int width) {
        long[] out = new long[flat.length * 2];
        for (int i = 0; i < flat.length; i++) {
            out[2 * i] = flat[i] / width;
            out[2 * i + 1] = flat[i] % width;
        }
        return new LongTensor(new int[] {flat.length, 2}, out);
    }
}
