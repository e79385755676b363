package io.circuitlens.tensor;

import io.circuitlens.common.CircuitLensException;

/** Element types of stored tensors, named as in the safetensors header. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** Parses a safetensors dtype string; {@code where} names the file/tensor for the error message. */
    public static DType parse(String s, String where) {
        for (DType d : values()) {
            if (d.name().equals(s)) return d;
        }
        throw new CircuitLensException(where + ": unsupported dtype '" + s + "'");
    }
}
