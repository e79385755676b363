package io.circuitlens.kernels.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The tables of a prepared description (lengths, offsets, weights) packed into one little-endian byte array, so a
 * description crosses to the device in one copy. Callers put 8-byte values first so that every table stays aligned
 * to its element size in device memory.
 */
final class HostTable {
    private final ByteBuffer buf;

    HostTable(long bytes) {
        buf = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Byte offset where the next table starts. */
    long position() {
        return buf.position();
    }

    HostTable longs(long[] v) {
        for (long x : v) buf.putLong(x);
        return this;
    }

    HostTable doubles(double[] v) {
        for (double x : v) buf.putDouble(x);
        return this;
    }

    HostTable ints(int[] v) {
        for (int x : v) buf.putInt(x);
        return this;
    }

    HostTable floats(float[] v) {
        for (float x : v) buf.putFloat(x);
        return this;
    }

    byte[] bytes() {
        if (buf.hasRemaining()) throw new IllegalStateException("table of " + buf.capacity() + " bytes filled to " + buf.position());
        return buf.array();
    }

    static byte[] of(int[] v) {
        return new HostTable(4L * v.length).ints(v).bytes();
    }
}
