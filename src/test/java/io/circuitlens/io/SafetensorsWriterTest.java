package io.circuitlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsFloatLongAndMetadata() {
        FloatTensor w = new FloatTensor(new int[] {2, 3}, new float[] {1, -2, 3.5f, Float.NaN, -0f, Float.MIN_VALUE});
        LongTensor ids = new LongTensor(new int[] {4}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE});
        FloatTensor scalar = new FloatTensor(new int[] {}, new float[] {42f});
        FloatTensor empty = new FloatTensor(new int[] {0, 7}, new float[0]);
        Path out = dir.resolve("rt.safetensors");
        new SafetensorsWriter()
                .metadata(Map.of("format", "pt", "note", "héllo ✓"))
                .add("w", w).add("ids", ids).add("scalar", scalar).add("empty", empty)
                .write(out);
        try (SafetensorsFile st = SafetensorsFile.open(out)) {
            assertEquals(List.of("empty", "ids", "scalar", "w"), List.copyOf(st.names()));
            assertEquals(Map.of("format", "pt", "note", "héllo ✓"), st.metadata());
            FloatTensor w2 = st.readFloatTensor("w");
            assertArrayEquals(w.shape(), w2.shape());
            assertArrayEquals(w.data(), w2.data());
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(w2.data()[4]));
            LongTensor ids2 = st.readLongTensor("ids");
            assertArrayEquals(ids.data(), ids2.data());
            assertArrayEquals(new long[] {4}, st.info("ids").shape());
            assertEquals(42f, st.readFloatTensor("scalar").get());
            assertArrayEquals(new int[] {0, 7}, st.readFloatTensor("empty").shape());
            // Data in the order added: w, ids, scalar, empty.
            assertEquals(new TensorInfo("w", DType.F32, new long[] {2, 3}, 0, 24), st.info("w"));
            assertEquals(new TensorInfo("ids", DType.I64, new long[] {4}, 24, 56), st.info("ids"));
            assertEquals(new TensorInfo("scalar", DType.F32, new long[] {}, 56, 60), st.info("scalar"));
            assertEquals(60, st.info("empty").begin());
            assertEquals(4, st.rawBytes("scalar").byteSize());
        }
    }

    @Test
    void headerIsSpacePaddedToEightBytes() throws IOException {
        Path out = dir.resolve("pad.safetensors");
        new SafetensorsWriter().add("a", FloatTensor.zeros(3)).write(out);
        byte[] all = Files.readAllBytes(out);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 12, all.length);
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}"), header);
        assertTrue(header.substring(header.lastIndexOf('}') + 1).isBlank());
    }

    @Test
    void streamedDataInChunks() {
        int rows = 1000;
        int cols = 700; // 2.8 MB: spans several write buffers
        Path out = dir.resolve("stream.safetensors");
        new SafetensorsWriter()
                .addStreamed("acts", DType.F32, new long[] {rows, cols}, o -> {
                    float[] row = new float[cols];
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < cols; c++) row[c] = r * 1000 + c;
                        o.writeFloats(row, 0, cols);
                    }
                })
                .addStreamed("pos", DType.I64, new long[] {3}, o -> {
                    o.writeLongs(new long[] {9, 10, 11, 12}, 1, 2);
                    o.writeLongs(new long[] {13});
                })
                .write(out);
        try (SafetensorsFile st = SafetensorsFile.open(out)) {
            float[] v = st.readFloats("acts");
            assertEquals(rows * cols, v.length);
            assertEquals(0f, v[0]);
            assertEquals(999_699f, v[rows * cols - 1]);
            assertEquals(5_003f, v[5 * cols + 3]);
            assertArrayEquals(new long[] {10, 11, 13}, st.readLongs("pos"));
        }
    }

    @Test
    void overwritesExistingTargetAndLeavesNoTemp() throws IOException {
        Path out = dir.resolve("o.safetensors");
        Files.writeString(out, "old");
        new SafetensorsWriter().add("x", FloatTensor.zeros(1)).write(out);
        try (SafetensorsFile st = SafetensorsFile.open(out)) {
            assertArrayEquals(new float[] {0f}, st.readFloats("x"));
        }
        assertEquals(List.of(out), listDir());
    }

    @Test
    void createsMissingParentFolders() {
        Path out = dir.resolve("a/b/c.safetensors");
        new SafetensorsWriter().add("x", FloatTensor.zeros(2)).write(out);
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void throwingStreamLeavesTargetUntouchedAndNoTemp() throws IOException {
        Path out = dir.resolve("keep.safetensors");
        Files.writeString(out, "previous results");
        SafetensorsWriter w = new SafetensorsWriter()
                .add("ok", FloatTensor.zeros(10))
                .addStreamed("bad", DType.F32, new long[] {1_000_000}, o -> {
                    o.writeFloats(new float[500_000]);
                    throw new IllegalStateException("model crashed");
                });
        var e = assertThrows(IllegalStateException.class, () -> w.write(out));
        assertEquals("model crashed", e.getMessage());
        assertEquals("previous results", Files.readString(out));
        assertEquals(List.of(out), listDir());
    }

    @Test
    void ioErrorInStreamBecomesUserErrorNamingTarget() throws IOException {
        Path out = dir.resolve("io.safetensors");
        SafetensorsWriter w = new SafetensorsWriter()
                .addStreamed("x", DType.F32, new long[] {1}, o -> {
                    throw new IOException("disk on fire");
                });
        var e = assertThrows(CircuitLensException.class, () -> w.write(out));
        assertEquals("cannot write " + out + ": disk on fire", e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), listDir());
    }

    @Test
    void streamWritingTooFewOrTooManyValuesFails() throws IOException {
        Path out = dir.resolve("count.safetensors");
        var few = new SafetensorsWriter().addStreamed("x", DType.F32, new long[] {2, 2}, o -> o.writeFloats(new float[3]));
        var e = assertThrows(IllegalStateException.class, () -> few.write(out));
        assertEquals("tensor 'x': streamed data wrote 3 values, shape needs 4", e.getMessage());

        var many = new SafetensorsWriter().addStreamed("y", DType.I64, new long[] {2}, o -> o.writeLongs(new long[3]));
        e = assertThrows(IllegalStateException.class, () -> many.write(out));
        assertTrue(e.getMessage().contains("tensor 'y': streamed data wrote more than the 2 values"), e.getMessage());

        var wrongType = new SafetensorsWriter().addStreamed("z", DType.I64, new long[] {1}, o -> o.writeFloats(new float[1]));
        e = assertThrows(IllegalStateException.class, () -> wrongType.write(out));
        assertEquals("tensor 'z' is I64 but data was written as F32", e.getMessage());
        assertEquals(List.of(), listDir());
    }

    @Test
    void duplicateNamesAndBadEntriesAreRejected() {
        SafetensorsWriter w = new SafetensorsWriter().add("a", FloatTensor.zeros(1));
        var e = assertThrows(CircuitLensException.class, () -> w.add("a", FloatTensor.zeros(2)));
        assertEquals("duplicate tensor name 'a' in output", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.addStreamed("h", DType.F16, new long[] {1}, o -> {}));
        assertThrows(IllegalArgumentException.class, () -> w.addStreamed("n", DType.F32, new long[] {-1}, o -> {}));
        assertThrows(IllegalArgumentException.class, () -> w.add("__metadata__", FloatTensor.zeros(1)));
    }

    @Test
    void writeCanBeRepeated() {
        SafetensorsWriter w = new SafetensorsWriter().add("a", new FloatTensor(new int[] {1}, new float[] {7}));
        w.write(dir.resolve("one.safetensors"));
        w.write(dir.resolve("two.safetensors"));
        try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("two.safetensors"))) {
            assertArrayEquals(new float[] {7}, st.readFloats("a"));
        }
    }

    @Test
    void outputIsDeterministic() throws IOException {
        Map<String, String> meta = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) meta.put("k" + i, "v" + i);
        new SafetensorsWriter().metadata(meta).add("a", FloatTensor.zeros(2)).write(dir.resolve("1.st"));
        new SafetensorsWriter().metadata(Map.copyOf(meta)).add("a", FloatTensor.zeros(2)).write(dir.resolve("2.st"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("1.st")), Files.readAllBytes(dir.resolve("2.st")));
    }

    @Test
    void closedFileRefusesReadsAndCloseIsIdempotent() {
        Path out = dir.resolve("c.safetensors");
        new SafetensorsWriter().add("a", FloatTensor.zeros(4)).write(out);
        SafetensorsFile st = SafetensorsFile.open(out);
        assertEquals(out, st.path());
        st.close();
        st.close();
        var e = assertThrows(IllegalStateException.class, () -> st.readFloats("a"));
        assertEquals(out + " was closed", e.getMessage());
    }

    @Test
    void concurrentReadsShareOneMapping() throws Exception {
        Path out = dir.resolve("mt.safetensors");
        float[] v = new float[100_000];
        for (int i = 0; i < v.length; i++) v[i] = i;
        new SafetensorsWriter().add("v", new FloatTensor(new int[] {v.length}, v)).write(out);
        try (SafetensorsFile st = SafetensorsFile.open(out); var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<float[]>>();
            for (int i = 0; i < 8; i++) futures.add(pool.submit(() -> st.readFloats("v")));
            for (var f : futures) assertArrayEquals(v, f.get());
        }
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
