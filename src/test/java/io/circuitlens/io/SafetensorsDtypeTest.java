package io.circuitlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.FloatTensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written byte by byte in the test, checked against exactly known values. */
class SafetensorsDtypeTest {
    @TempDir
    Path dir;

    @Test
    void f16IsWidenedExactly() {
        // 1.0, -2.0, 0.5, 65504 (max half), smallest subnormal 2^-24, +inf, -0.0
        byte[] data = RawFiles.le16(0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x7C00, 0x8000);
        Path f = RawFiles.write(dir.resolve("h.safetensors"),
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]}}", data);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            float[] v = st.readFloats("h");
            assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY, -0f}, v);
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[6]));
        }
    }

    @Test
    void f16NanStaysNan() {
        Path f = RawFiles.write(dir.resolve("n.safetensors"),
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", RawFiles.le16(0x7E00));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertTrue(Float.isNaN(st.readFloats("h")[0]));
        }
    }

    @Test
    void bf16IsUpperHalfOfFloat32() {
        // 1.0, -3.0, 1.5, 0x3F81 = 1.0078125, 2^-133 subnormal bf16 (0x0001 -> bits 0x00010000)
        byte[] data = RawFiles.le16(0x3F80, 0xC040, 0x3FC0, 0x3F81, 0x0001, 0xFF80);
        Path f = RawFiles.write(dir.resolve("b.safetensors"),
                "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,12]}}", data);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            FloatTensor t = st.readFloatTensor("b");
            assertArrayEquals(new int[] {2, 3}, t.shape());
            assertArrayEquals(new float[] {1f, -3f, 1.5f, 1.0078125f, Float.intBitsToFloat(0x00010000), Float.NEGATIVE_INFINITY}, t.data());
        }
    }

    @Test
    void f64IsNarrowedToNearestFloat() {
        byte[] data = RawFiles.f64(0.1, -1e300, 3.0, 1.0 / 3);
        Path f = RawFiles.write(dir.resolve("d.safetensors"),
                "{\"d\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[0,32]}}", data);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY, 3f, 1f / 3}, st.readFloats("d"));
        }
    }

    @Test
    void largeF16TensorConvertsAcrossChunks() {
        int n = 40_000; // more than one conversion chunk
        int[] halves = new int[n];
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            float x = (i % 2048) - 1024; // exactly representable in F16
            halves[i] = Float.floatToFloat16(x);
            expected[i] = x;
        }
        Path f = RawFiles.write(dir.resolve("big.safetensors"),
                "{\"x\":{\"dtype\":\"F16\",\"shape\":[" + n + "],\"data_offsets\":[0," + 2 * n + "]}}", RawFiles.le16(halves));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertArrayEquals(expected, st.readFloats("x"));
        }
    }

    @Test
    void integerTypesWidenToLong() {
        byte[] i32 = RawFiles.le32(-1, Integer.MAX_VALUE, 7);
        byte[] i16 = RawFiles.le16(0xFFFE, 0x7FFF);
        byte[] i8 = {(byte) -128, 5};
        byte[] u8 = {(byte) 255, 0};
        byte[] data = concat(i32, i16, i8, u8);
        String header = "{\"a\":{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"b\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[12,16]},"
                + "\"c\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[16,18]},"
                + "\"d\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[18,20]}}";
        Path f = RawFiles.write(dir.resolve("ints.safetensors"), header, data);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertArrayEquals(new long[] {-1, Integer.MAX_VALUE, 7}, st.readLongs("a"));
            assertArrayEquals(new long[] {-2, 32767}, st.readLongs("b"));
            assertArrayEquals(new long[] {-128, 5}, st.readLongs("c"));
            assertArrayEquals(new long[] {255, 0}, st.readLongs("d"));
            assertEquals(DType.I16, st.info("b").dtype());
        }
    }

    @Test
    void readingWithTheWrongKindOfTypeNamesFileTensorAndDtype() {
        String header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[12,13]}}";
        Path f = RawFiles.write(dir.resolve("mixed.safetensors"), header, new byte[13]);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            var e = assertThrows(CircuitLensException.class, () -> st.readFloats("ids"));
            assertEquals(f + ": tensor 'ids' has dtype I64, expected a float type (F32, F16, BF16, F64)", e.getMessage());
            e = assertThrows(CircuitLensException.class, () -> st.readLongs("w"));
            assertEquals(f + ": tensor 'w' has dtype F32, expected an integer type (I64, I32, I16, I8, U8)", e.getMessage());
            e = assertThrows(CircuitLensException.class, () -> st.readFloats("m"));
            assertTrue(e.getMessage().contains("'m' has dtype BOOL"), e.getMessage());
        }
    }

    @Test
    void f32IsReadLittleEndian() {
        Path f = RawFiles.write(dir.resolve("f.safetensors"),
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", RawFiles.f32(-1.25f));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            FloatTensor t = st.readFloatTensor("x");
            assertEquals(0, t.rank());
            assertArrayEquals(new float[] {-1.25f}, t.data());
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
