package io.circuitlens.tensor;

import java.util.Arrays;

/** A float32 tensor in host memory, row-major (C order). Used for inputs and outputs, never inside the engine. */
public record FloatTensor(int[] shape, float[] data) {
    public FloatTensor {
        long n = Shapes.numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public static FloatTensor zeros(int... shape) {
        return new FloatTensor(shape.clone(), new float[Math.toIntExact(Shapes.numel(shape))]);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    /** Value at a full multi-index. */
    public float get(int... index) {
        return data[Shapes.offset(shape, index)];
    }
}
