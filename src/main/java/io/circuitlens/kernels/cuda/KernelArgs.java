package io.circuitlens.kernels.cuda;

import java.util.Arrays;

/**
 * A kernel's parameters in launch order, with their C types as kernels/README.md gives them: device pointers
 * (CUdeviceptr, 8 bytes), int64 offsets and counts, int32 integers and flags, float32 scalars. Each driver packs
 * them as cuLaunchKernel's kernelParams (an array of pointers to the values).
 */
public final class KernelArgs {
    /** The C type of one parameter; {@link #code} is the letter the emulator's signatures use. */
    public enum Kind {
        POINTER('p'), INT64('l'), INT32('i'), FLOAT32('f');

        public final char code;

        Kind(char code) {
            this.code = code;
        }
    }

    private Kind[] kinds = new Kind[16];
    private long[] values = new long[16];
    private int size;

    /** A device pointer; 0 is a null pointer. */
    public KernelArgs ptr(long address) {
        return add(Kind.POINTER, address);
    }

    public KernelArgs i64(long v) {
        return add(Kind.INT64, v);
    }

    public KernelArgs i32(int v) {
        return add(Kind.INT32, v);
    }

    public KernelArgs i32(boolean flag) {
        return add(Kind.INT32, flag ? 1 : 0);
    }

    public KernelArgs f32(float v) {
        return add(Kind.FLOAT32, Float.floatToRawIntBits(v));
    }

    public int size() {
        return size;
    }

    public Kind kind(int i) {
        return kinds[i];
    }

    /** Parameter i's bits: the pointer or integer value, or a float's raw bits. */
    public long value(int i) {
        return values[i];
    }

    /** The kinds' letters in order, e.g. "ppil". */
    public String signature() {
        StringBuilder s = new StringBuilder(size);
        for (int i = 0; i < size; i++) s.append(kinds[i].code);
        return s.toString();
    }

    private KernelArgs add(Kind kind, long value) {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, 2 * size);
            values = Arrays.copyOf(values, 2 * size);
        }
        kinds[size] = kind;
        values[size] = value;
        size++;
        return this;
    }
}
