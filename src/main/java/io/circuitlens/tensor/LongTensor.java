package io.circuitlens.tensor;

import java.util.Arrays;

/** An int64 tensor in host memory, row-major. */
public record LongTensor(int[] shape, long[] data) {
    public LongTensor {
        long n = Shapes.numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }
}
