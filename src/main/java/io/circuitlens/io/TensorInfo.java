package io.circuitlens.io;

import io.circuitlens.tensor.DType;
import java.util.Arrays;

/**
 * One entry of a safetensors header. {@code begin} and {@code end} are byte offsets relative to the start of the
 * data section (the byte after the header), as stored in {@code data_offsets}; they are longs because files can
 * exceed 2 GB.
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements (1 for a scalar of shape []). */
    public long numel() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public long byteSize() {
        return end - begin;
    }

    // Records compare arrays by reference; shapes are values here.
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape) + Long.hashCode(begin * 31 + end);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
