package io.circuitlens.io;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A safetensors file opened for reading. The whole file is memory-mapped once (64-bit offsets, so multi-GB files such
 * as GPT-2 XL work) and tensors are decoded on request; the header is fully validated by {@link #open}. Reads are
 * thread-safe; {@link #close} unmaps the file, after which reads fail.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final ValueLayout.OfLong HEADER_LENGTH = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path path, Arena arena, MemorySegment data, SafetensorsHeader header) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.header = header;
    }

    /** Maps and validates {@code path}; every problem is a {@link CircuitLensException} naming the file. */
    public static SafetensorsFile open(Path path) {
        String file = path.toString();
        if (Files.isDirectory(path)) throw new CircuitLensException(file + ": is a folder, not a safetensors file");
        // A shared arena lets worker threads read tensors concurrently and lets close() unmap deterministically.
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CircuitLensException(file + ": not a safetensors file (only " + size + " bytes, need at least 8)");
            }
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLen = all.get(HEADER_LENGTH, 0);
            // Unsigned 64-bit on disk: a negative long is an absurdly large value.
            if (headerLen < 0 || headerLen > SafetensorsHeader.MAX_HEADER_BYTES) {
                throw new CircuitLensException(file + ": header length " + Long.toUnsignedString(headerLen)
                        + " is absurd (over 100 MB); not a safetensors file?");
            }
            if (headerLen > size - 8) {
                throw new CircuitLensException(file + ": header length " + headerLen + " is larger than the file ("
                        + size + " bytes); truncated or not a safetensors file?");
            }
            long dataStart = 8 + headerLen;
            SafetensorsHeader header = SafetensorsHeader.parse(
                    file, all.asSlice(8, headerLen).asByteBuffer(), size - dataStart);
            return new SafetensorsFile(path, arena, all.asSlice(dataStart), header);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new CircuitLensException(file + ": file not found");
        } catch (AccessDeniedException e) {
            arena.close();
            throw new CircuitLensException(file + ": file is not readable (permission denied)");
        } catch (IOException e) {
            arena.close();
            throw new CircuitLensException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Tensor names in sorted order. */
    public Set<String> names() {
        return header.tensors().keySet();
    }

    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    public TensorInfo info(String name) {
        if (!arena.scope().isAlive()) throw new IllegalStateException(path + " was closed");
        TensorInfo t = header.tensors().get(name);
        if (t == null) throw notFound(name);
        return t;
    }

    /** The {@code __metadata__} map (empty if the file has none). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /**
     * The raw little-endian bytes of a tensor, read-only and valid until {@link #close}. For callers that copy
     * weights straight to a device without converting on the heap.
     */
    public MemorySegment rawBytes(String name) {
        TensorInfo t = info(name);
        return data.asSlice(t.begin(), t.byteSize()).asReadOnly();
    }

    /** Values of an F32, F16, BF16 or F64 tensor as float32. */
    public float[] readFloats(String name) {
        TensorInfo t = info(name);
        if (!ElementConversions.isFloat(t.dtype())) throw wrongType(t, "a float type (F32, F16, BF16, F64)");
        float[] out = new float[arrayLength(t)];
        ElementConversions.toFloats(data.asSlice(t.begin(), t.byteSize()), t.dtype(), out);
        return out;
    }

    public FloatTensor readFloatTensor(String name) {
        TensorInfo t = info(name);
        int[] shape = intShape(t);
        return new FloatTensor(shape, readFloats(name));
    }

    /** Values of an I64, I32, I16, I8 or U8 tensor as int64. */
    public long[] readLongs(String name) {
        TensorInfo t = info(name);
        if (!ElementConversions.isInteger(t.dtype())) throw wrongType(t, "an integer type (I64, I32, I16, I8, U8)");
        long[] out = new long[arrayLength(t)];
        ElementConversions.toLongs(data.asSlice(t.begin(), t.byteSize()), t.dtype(), out);
        return out;
    }

    public LongTensor readLongTensor(String name) {
        TensorInfo t = info(name);
        int[] shape = intShape(t);
        return new LongTensor(shape, readLongs(name));
    }

    /** Unmaps the file; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    private int arrayLength(TensorInfo t) {
        long n = t.numel();
        // Java arrays top out just below 2^31 elements.
        if (n > Integer.MAX_VALUE - 8) {
            throw new CircuitLensException(path + ": tensor '" + t.name() + "' has " + n + " elements, too many for one array");
        }
        return (int) n;
    }

    private int[] intShape(TensorInfo t) {
        long[] s = t.shape();
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            if (s[i] > Integer.MAX_VALUE) {
                throw new CircuitLensException(path + ": tensor '" + t.name() + "' dimension " + s[i] + " is too large");
            }
            out[i] = (int) s[i];
        }
        return out;
    }

    private CircuitLensException wrongType(TensorInfo t, String expected) {
        return new CircuitLensException(path + ": tensor '" + t.name() + "' has dtype " + t.dtype() + ", expected " + expected);
    }

    private CircuitLensException notFound(String name) {
        Set<String> names = names();
        StringBuilder msg = new StringBuilder("tensor '").append(name).append("' not found in ").append(path)
                .append(" (it has ").append(names.size()).append(names.size() == 1 ? " tensor" : " tensors");
        if (!names.isEmpty()) {
            msg.append(", e.g. ").append(names.stream().limit(3).collect(Collectors.joining(", ")));
        }
        msg.append(')');
        // Checkpoints differ in prefixes ("transformer.h.0..." vs "h.0..."); point at the likely intended name.
        names.stream()
                .filter(n -> n.endsWith("." + name) || name.endsWith("." + n))
                .findFirst()
                .ifPresent(n -> msg.append("; did you mean '").append(n).append("'?"));
        return new CircuitLensException(msg.toString());
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + names().size() + " tensors]";
    }
}
