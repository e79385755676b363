package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;

import java.util.Arrays;

/**
 * Which positions (or heads, or neurons) a patch touches: all of them, or a list of indices. Negative indices count
 * from the end, so position −1 is always the prompt's last real token whatever its length.
 */
public record Selection(int[] indices) {
    private static final Selection ALL = new Selection(null);

    public static Selection all() {
        return ALL;
    }

    public static Selection of(int... indices) {
        return new Selection(indices.clone());
    }

    public boolean isAll() {
        return indices == null;
    }

    /** Concrete indices in [0, size), checked; {@code what} names the axis for the error message. */
    public int[] resolve(int size, String what) {
        if (indices == null) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) all[i] = i;
            return all;
        }
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int v = indices[i] < 0 ? indices[i] + size : indices[i];
            if (v < 0 || v >= size) {
                throw new CircuitLensException(what + " index " + indices[i] + " is out of range (size " + size + ")");
            }
            out[i] = v;
        }
        return out;
    }

    @Override
    public String toString() {
        return indices == null ? "all" : Arrays.toString(indices);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection s && Arrays.equals(indices, s.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices);
    }
}
