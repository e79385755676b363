package io.circuitlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.circuitlens.common.CircuitLensException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input gives a one-line CircuitLensException naming the file (and tensor). */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    private String openFails(Path f) {
        CircuitLensException e = assertThrows(CircuitLensException.class, () -> SafetensorsFile.open(f).close());
        String m = e.getMessage();
        assertTrue(m.contains(f.toString()), "message should name the file: " + m);
        assertFalse(m.contains("\n"), "message should be one line: " + m);
        return m;
    }

    private String openFails(String header, int dataBytes) {
        return openFails(RawFiles.write(dir.resolve("bad.safetensors"), header, new byte[dataBytes]));
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.safetensors");
        assertEquals(f + ": file not found", openFails(f));
    }

    @Test
    void folderInsteadOfFile() {
        assertEquals(dir + ": is a folder, not a safetensors file", openFails(dir));
    }

    @Test
    void unreadableFile() throws Exception {
        Path f = RawFiles.write(dir.resolve("locked.safetensors"), "{}", new byte[0]);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(f), "running as root: permissions are not enforced");
        assertEquals(f + ": file is not readable (permission denied)", openFails(f));
    }

    @Test
    void shorterThanEightBytes() {
        Path f = RawFiles.bytes(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertEquals(f + ": not a safetensors file (only 3 bytes, need at least 8)", openFails(f));
    }

    @Test
    void headerLongerThanFile() {
        byte[] b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putInt(0).array();
        Path f = RawFiles.bytes(dir.resolve("short.safetensors"), b);
        assertTrue(openFails(f).contains("header length 1000 is larger than the file (12 bytes)"));
    }

    @Test
    void absurdHeaderLength() {
        byte[] b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200L << 20).putLong(0).array();
        Path f = RawFiles.bytes(dir.resolve("absurd.safetensors"), b);
        assertTrue(openFails(f).contains("header length 209715200 is absurd"));
        // Top bit set: an unsigned 64-bit length, reported as such.
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).putLong(0).array();
        f = RawFiles.bytes(dir.resolve("absurd2.safetensors"), b);
        assertTrue(openFails(f).contains("header length 18446744073709551615 is absurd"));
    }

    @Test
    void headerNotUtf8() {
        Path f = RawFiles.write(dir.resolve("bin.safetensors"), new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, new byte[0]);
        assertEquals(f + ": header is not valid UTF-8; not a safetensors file?", openFails(f));
    }

    @Test
    void headerNotJson() {
        assertTrue(openFails("{\"a\": ", 0).contains("header is not valid JSON"));
        assertTrue(openFails("{} trailing", 0).contains("header is not valid JSON"));
    }

    @Test
    void headerNotAnObject() {
        assertTrue(openFails("[1, 2]", 0).endsWith(": header is not a JSON object"));
        assertTrue(openFails("  ", 0).endsWith(": header is not a JSON object"));
    }

    @Test
    void duplicateKeysAreRejected() {
        String h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}";
        assertTrue(openFails(h, 2).contains("header is not valid JSON (Duplicate field 'a')"));
    }

    @Test
    void entryMissingFields() {
        assertTrue(openFails("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4).endsWith(": tensor 'w': missing 'dtype'"));
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4).endsWith(": tensor 'w': missing 'shape'"));
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4).endsWith(": tensor 'w': missing 'data_offsets'"));
        assertTrue(openFails("{\"w\":[1,2]}", 4).contains(": tensor 'w': entry must be a JSON object"));
    }

    @Test
    void entryWithWrongTypes() {
        assertTrue(openFails("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4).endsWith("tensor 'w': dtype must be a string"));
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", 4)
                .endsWith("tensor 'w': 'shape' must be an array of integers"));
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4)
                .contains("tensor 'w': 'shape' must be an array of integers, found 1.5"));
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4)
                .endsWith("tensor 'w': 'data_offsets' must have 2 entries, has 1"));
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", 4)
                .contains("'data_offsets' must be an array of integers"));
    }

    @Test
    void unknownDtype() {
        Path f = RawFiles.write(dir.resolve("q.safetensors"), "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        assertEquals(f + ": tensor 'w': unsupported dtype 'Q4'", openFails(f));
    }

    @Test
    void negativeDimension() {
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}}", 0)
                .endsWith("tensor 'w': negative dimension -1 in shape [2, -1]"));
    }

    @Test
    void offsetsOutOfOrder() {
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8)
                .endsWith("tensor 'w': data_offsets [8, 4] must satisfy 0 <= begin <= end"));
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[-4,-4]}}", 8)
                .contains("data_offsets [-4, -4] must satisfy"));
    }

    @Test
    void byteCountMismatch() {
        assertTrue(openFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24)
                .endsWith("tensor 'w': data_offsets span 20 bytes but F32[2, 3] needs 24"));
    }

    @Test
    void hugeShapeOverflows() {
        assertTrue(openFails("{\"w\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8)
                .contains("tensor 'w': shape [4611686018427387904, 4] is too large"));
    }

    @Test
    void overlappingTensors() {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertTrue(openFails(h, 12).endsWith(": tensors 'a' [0, 8) and 'b' [4, 12) overlap"));
    }

    @Test
    void emptyTensorsNeverOverlap() {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"e\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[4,4]}}";
        Path f = RawFiles.write(dir.resolve("e.safetensors"), h, new byte[8]);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(0, st.readFloats("e").length);
        }
    }

    @Test
    void truncatedDataSection() {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        assertTrue(openFails(h, 10).endsWith(": truncated: header needs 16 bytes of data, file has 10"));
    }

    @Test
    void metadataMustBeStrings() {
        assertTrue(openFails("{\"__metadata__\":{\"format\":1}}", 0).endsWith(": __metadata__ entry 'format' must be a string, got number"));
        assertTrue(openFails("{\"__metadata__\":[\"pt\"]}", 0).endsWith(": __metadata__ must be a JSON object of strings"));
    }

    @Test
    void missingTensorListsSomeNamesAndSuggests() {
        String h = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"h.0.w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"h.1.w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]},"
                + "\"ln_f.b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[2,3]},"
                + "\"transformer.wte\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[3,4]}}";
        Path f = RawFiles.write(dir.resolve("m.safetensors"), h, new byte[4]);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            var e = assertThrows(CircuitLensException.class, () -> st.readFloats("x"));
            assertEquals("tensor 'x' not found in " + f + " (it has 4 tensors, e.g. h.0.w, h.1.w, ln_f.b)", e.getMessage());
            e = assertThrows(CircuitLensException.class, () -> st.info("wte"));
            assertEquals("tensor 'wte' not found in " + f + " (it has 4 tensors, e.g. h.0.w, h.1.w, ln_f.b); did you mean 'transformer.wte'?",
                    e.getMessage());
            assertFalse(st.contains("x"));
            assertTrue(st.contains("ln_f.b"));
        }
    }

    @Test
    void emptyFileHasNoTensors() {
        Path f = RawFiles.write(dir.resolve("empty.safetensors"), "{}", new byte[0]);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertTrue(st.names().isEmpty());
            assertTrue(st.metadata().isEmpty());
            var e = assertThrows(CircuitLensException.class, () -> st.readLongs("ids"));
            assertEquals("tensor 'ids' not found in " + f + " (it has 0 tensors)", e.getMessage());
        }
    }
}
