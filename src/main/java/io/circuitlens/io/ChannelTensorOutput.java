package io.circuitlens.io;

import io.circuitlens.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Buffered little-endian writer behind {@link SafetensorsWriter}: raw bytes for the header, then one tensor at a
 * time through the {@link TensorOutput} methods, which enforce the tensor's dtype and element count.
 */
final class ChannelTensorOutput implements TensorOutput {
    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private String name;
    private DType dtype;
    private long expected;
    private long written;

    ChannelTensorOutput(FileChannel channel) {
        this.channel = channel;
    }

    void writeBytes(byte[] bytes) throws IOException {
        int off = 0;
        while (off < bytes.length) {
            if (!buf.hasRemaining()) flush();
            int n = Math.min(buf.remaining(), bytes.length - off);
            buf.put(bytes, off, n);
            off += n;
        }
    }

    /** Starts accepting the values of one tensor. */
    void begin(String name, DType dtype, long numel) {
        this.name = name;
        this.dtype = dtype;
        this.expected = numel;
        this.written = 0;
    }

    /** Checks the current tensor got all its values. */
    void end() {
        if (written != expected) {
            throw new IllegalStateException("tensor '" + name + "': streamed data wrote " + written + " values, shape needs " + expected);
        }
        name = null;
    }

    /** The whole tensor as encoded bytes (any dtype); see {@link SafetensorsWriter#addBytes}. */
    void writeRaw(byte[] bytes) throws IOException {
        if (name == null) throw new IllegalStateException("TensorOutput used outside its StreamedData.writeTo call");
        long values = bytes.length / dtype.bytes();
        if (written != 0 || values != expected) {
            throw new IllegalStateException("tensor '" + name + "': raw data holds " + values + " values, shape needs " + expected);
        }
        written = values;
        writeBytes(bytes);
    }

    @Override
    public void writeFloats(float[] values, int offset, int length) throws IOException {
        accept(DType.F32, values.length, offset, length);
        while (length > 0) {
            if (buf.remaining() < Float.BYTES) flush();
            int n = Math.min(length, buf.remaining() / Float.BYTES);
            buf.asFloatBuffer().put(values, offset, n); // view inherits little-endian order
            buf.position(buf.position() + n * Float.BYTES);
            offset += n;
            length -= n;
        }
    }

    @Override
    public void writeLongs(long[] values, int offset, int length) throws IOException {
        accept(DType.I64, values.length, offset, length);
        while (length > 0) {
            if (buf.remaining() < Long.BYTES) flush();
            int n = Math.min(length, buf.remaining() / Long.BYTES);
            buf.asLongBuffer().put(values, offset, n);
            buf.position(buf.position() + n * Long.BYTES);
            offset += n;
            length -= n;
        }
    }

    private void accept(DType type, int arrayLength, int offset, int length) {
        if (name == null) throw new IllegalStateException("TensorOutput used outside its StreamedData.writeTo call");
        Objects.checkFromIndexSize(offset, length, arrayLength);
        if (type != dtype) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + " but data was written as " + type);
        }
        if (length > expected - written) {
            throw new IllegalStateException("tensor '" + name + "': streamed data wrote more than the " + expected + " values its shape holds");
        }
        written += length;
    }

    void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) channel.write(buf);
        buf.clear();
    }
}
