package io.circuitlens.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors bytes by hand, so reader tests don't depend on the writer. */
final class RawFiles {
    private RawFiles() {}

    /** 8-byte little-endian header length, the header text as UTF-8, then {@code data}. */
    static Path write(Path file, String headerJson, byte[] data) {
        return write(file, headerJson.getBytes(StandardCharsets.UTF_8), data);
    }

    static Path write(Path file, byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        return bytes(file, b.array());
    }

    static Path bytes(Path file, byte[] all) {
        try {
            return Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Little-endian bytes from a sequence of unsigned 16-bit values. */
    static byte[] le16(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putShort((short) v);
        return b.array();
    }

    static byte[] le32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return b.array();
    }

    static byte[] f64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putDouble(v);
        return b.array();
    }

    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }
}
