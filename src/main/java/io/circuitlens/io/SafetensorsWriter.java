package io.circuitlens.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;
import io.circuitlens.tensor.Shapes;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a safetensors file: collect tensors with {@code add}/{@code addStreamed}, then {@link #write} them
 * atomically. Data is laid out in the order added, behind a JSON header padded with spaces to a multiple of 8 bytes
 * (so the data section is 8-byte aligned). In-memory tensors are referenced, not copied, until written.
 */
public final class SafetensorsWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Entry(String name, DType dtype, long[] shape, long numel, StreamedData data) {}

    private final Map<String, String> metadata = new TreeMap<>(); // sorted: identical inputs give identical bytes
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Adds to the {@code __metadata__} string map (later calls add or overwrite keys). */
    public SafetensorsWriter metadata(Map<String, String> values) {
        values.forEach((k, v) -> metadata.put(Objects.requireNonNull(k, "metadata key"),
                Objects.requireNonNull(v, () -> "metadata value for '" + k + "'")));
        return this;
    }

    public SafetensorsWriter add(String name, FloatTensor tensor) {
        float[] values = tensor.data();
        return addStreamed(name, DType.F32, toLongs(tensor.shape()), out -> out.writeFloats(values, 0, values.length));
    }

    public SafetensorsWriter add(String name, LongTensor tensor) {
        long[] values = tensor.data();
        return addStreamed(name, DType.I64, toLongs(tensor.shape()), out -> out.writeLongs(values, 0, values.length));
    }

    /**
     * Adds a tensor whose values {@code data} produces during {@link #write} (F32 or I64). A duplicate name is a
     * {@link CircuitLensException}, since names often come from user options.
     */
    public SafetensorsWriter addStreamed(String name, DType dtype, long[] shape, StreamedData data) {
        Objects.requireNonNull(data, "data");
        if (dtype != DType.F32 && dtype != DType.I64) {
            throw new IllegalArgumentException("tensor '" + name + "': only F32 and I64 can be streamed, got " + dtype);
        }
        return register(name, dtype, shape, data);
    }

    /**
     * Adds a tensor of any dtype from its already-encoded little-endian bytes (e.g. F16 or BF16 weights, which
     * make-tiny writes to exercise the loader's conversions).
     */
    public SafetensorsWriter addBytes(String name, DType dtype, long[] shape, byte[] littleEndian) {
        Objects.requireNonNull(littleEndian, "data");
        long numel = Shapes.numel(shape);
        if (littleEndian.length != numel * dtype.bytes()) {
            throw new IllegalArgumentException("tensor '" + name + "': " + littleEndian.length + " bytes, shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + numel * dtype.bytes());
        }
        return register(name, dtype, shape, out -> ((ChannelTensorOutput) out).writeRaw(littleEndian));
    }

    private SafetensorsWriter register(String name, DType dtype, long[] shape, StreamedData data) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("invalid tensor name '" + name + "'");
        }
        long numel;
        try {
            numel = Shapes.numel(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "': bad shape " + Arrays.toString(shape), e);
        }
        if (!names.add(name)) throw new CircuitLensException("duplicate tensor name '" + name + "' in output");
        entries.add(new Entry(name, dtype, shape.clone(), numel, data));
        return this;
    }

    /**
     * Writes everything to {@code target}, replacing it atomically; on failure (including an exception thrown by a
     * {@link StreamedData}) the target is untouched and no temp file remains. Each StreamedData runs once per call.
     */
    public void write(Path target) {
        byte[] header = headerBytes();
        AtomicFiles.write(target, channel -> {
            ChannelTensorOutput out = new ChannelTensorOutput(channel);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.writeBytes(header);
            for (Entry e : entries) {
                out.begin(e.name, e.dtype, e.numel);
                e.data.writeTo(out);
                out.end();
            }
            out.flush();
        });
    }

    /** The JSON header, space-padded to a multiple of 8 bytes. */
    private byte[] headerBytes() {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Entry e : entries) {
            long end = Math.addExact(offset, Math.multiplyExact(e.numel, e.dtype.bytes()));
            ObjectNode t = root.putObject(e.name);
            t.put("dtype", e.dtype.name());
            var shape = t.putArray("shape");
            for (long d : e.shape) shape.add(d);
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // in-memory tree of strings and numbers: cannot happen
        }
        int padded = (json.length + 7) & ~7;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = shape[i];
        return out;
    }
}
