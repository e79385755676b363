package io.circuitlens.io;

import java.io.IOException;

/**
 * Sink for one streamed tensor's values, handed to {@link StreamedData#writeTo}. Call it any number of times; the
 * writer checks the method matches the tensor's dtype (floats for F32, longs for I64) and that the total equals numel.
 */
public interface TensorOutput {
    void writeFloats(float[] values, int offset, int length) throws IOException;

    void writeLongs(long[] values, int offset, int length) throws IOException;

    default void writeFloats(float[] values) throws IOException {
        writeFloats(values, 0, values.length);
    }

    default void writeLongs(long[] values) throws IOException {
        writeLongs(values, 0, values.length);
    }
}
