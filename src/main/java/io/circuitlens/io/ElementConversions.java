package io.circuitlens.io;

import io.circuitlens.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes little-endian tensor bytes into Java arrays. Same-width types use one bulk copy (which byte-swaps if the
 * platform is big-endian); narrower or wider types go through a small reusable chunk so that converting a 300 MB
 * tensor never needs a second full-size temporary array.
 */
final class ElementConversions {
    private ElementConversions() {}

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Elements per conversion chunk: big enough to amortise the bulk copy, small enough to stay in cache. */
    private static final int CHUNK = 1 << 14;

    static boolean isFloat(DType t) {
        return t == DType.F32 || t == DType.F16 || t == DType.BF16 || t == DType.F64;
    }

    static boolean isInteger(DType t) {
        return t == DType.I64 || t == DType.I32 || t == DType.I16 || t == DType.I8 || t == DType.U8;
    }

    /** Elements one thread converts at a time when a large tensor is split over threads. */
    private static final int PARALLEL_PART = 1 << 20;

    /**
     * {@code src} holds exactly {@code out.length} elements of {@code type}, which must satisfy {@link #isFloat}. A
     * large tensor is converted in parts on all cores: copying out of a mapped file is bound by page faults and memory
     * bandwidth, not by one core's arithmetic, and a 150 MB embedding matrix would otherwise load on one thread.
     */
    static void toFloats(MemorySegment src, DType type, float[] out) {
        int n = out.length;
        int parts = (n + PARALLEL_PART - 1) / PARALLEL_PART;
        if (parts <= 1) {
            toFloats(src, type, out, 0, n);
            return;
        }
        java.util.stream.IntStream.range(0, parts).parallel().forEach(p -> {
            int from = p * PARALLEL_PART;
            toFloats(src, type, out, from, Math.min(PARALLEL_PART, n - from));
        });
    }

    /** Elements [from, from + n) of {@code src} into the same places of {@code out}. */
    private static void toFloats(MemorySegment src, DType type, float[] out, int from, int n) {
        switch (type) {
            case F32 -> MemorySegment.copy(src, F32, (long) from * 4, out, from, n);
            case F16 -> {
                short[] buf = new short[Math.min(CHUNK, n)];
                for (int i = 0; i < n; i += buf.length) {
                    int len = Math.min(buf.length, n - i);
                    MemorySegment.copy(src, I16, (long) (from + i) * 2, buf, 0, len);
                    for (int j = 0; j < len; j++) out[from + i + j] = Float.float16ToFloat(buf[j]);
                }
            }
            case BF16 -> {
                // bfloat16 is the upper half of a float32, so widening is a shift.
                short[] buf = new short[Math.min(CHUNK, n)];
                for (int i = 0; i < n; i += buf.length) {
                    int len = Math.min(buf.length, n - i);
                    MemorySegment.copy(src, I16, (long) (from + i) * 2, buf, 0, len);
                    for (int j = 0; j < len; j++) out[from + i + j] = Float.intBitsToFloat(buf[j] << 16);
                }
            }
            case F64 -> {
                double[] buf = new double[Math.min(CHUNK, n)];
                for (int i = 0; i < n; i += buf.length) {
                    int len = Math.min(buf.length, n - i);
                    MemorySegment.copy(src, F64, (long) (from + i) * 8, buf, 0, len);
                    for (int j = 0; j < len; j++) out[from + i + j] = (float) buf[j];
                }
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + type);
        }
    }

    /** {@code src} holds exactly {@code out.length} elements of {@code type}, which must satisfy {@link #isInteger}. */
    static void toLongs(MemorySegment src, DType type, long[] out) {
        int n = out.length;
        switch (type) {
            case I64 -> MemorySegment.copy(src, I64, 0, out, 0, n);
            case I32 -> {
                int[] buf = new int[Math.min(CHUNK, n)];
                for (int i = 0; i < n; i += buf.length) {
                    int len = Math.min(buf.length, n - i);
                    MemorySegment.copy(src, I32, (long) i * 4, buf, 0, len);
                    for (int j = 0; j < len; j++) out[i + j] = buf[j];
                }
            }
            case I16 -> {
                short[] buf = new short[Math.min(CHUNK, n)];
                for (int i = 0; i < n; i += buf.length) {
                    int len = Math.min(buf.length, n - i);
                    MemorySegment.copy(src, I16, (long) i * 2, buf, 0, len);
                    for (int j = 0; j < len; j++) out[i + j] = buf[j];
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) out[i] = src.get(ValueLayout.JAVA_BYTE, i);
            }
            case U8 -> {
                for (int i = 0; i < n; i++) out[i] = src.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            }
            default -> throw new IllegalArgumentException("not an integer dtype: " + type);
        }
    }
}
