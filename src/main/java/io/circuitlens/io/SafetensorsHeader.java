package io.circuitlens.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed and validated JSON header of a safetensors file. Every check that can be done without touching tensor
 * data happens here, so that a bad file fails at open time with a message naming the file and the entry.
 */
record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataLength) {
    /** Larger headers are not plausible (GPT-2 XL needs ~40 KB); a huge value means this is not a safetensors file. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    static final String METADATA_KEY = "__metadata__";

    // Immutable once built and thread-safe; duplicate keys and trailing garbage are errors, not silently accepted.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Parses {@code headerBytes} (the JSON after the 8-byte length) and validates every entry against the
     * {@code dataLength} bytes that follow the header. {@code file} only names the file in messages.
     */
    static SafetensorsHeader parse(String file, ByteBuffer headerBytes, long dataLength) {
        String text = decodeUtf8(file, headerBytes);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new CircuitLensException(file + ": header is not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CircuitLensException(file + ": header is not a JSON object");
        }
        Map<String, String> metadata = Map.of();
        Map<String, TensorInfo> tensors = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, e.getValue());
            } else {
                tensors.put(e.getKey(), parseEntry(file, e.getKey(), e.getValue()));
            }
        }
        checkLayout(file, tensors.values(), dataLength);
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), metadata, dataLength);
    }

    private static String decodeUtf8(String file, ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CircuitLensException(file + ": header is not valid UTF-8; not a safetensors file?");
        }
    }

    private static Map<String, String> parseMetadata(String file, JsonNode node) {
        if (!node.isObject()) {
            throw new CircuitLensException(file + ": " + METADATA_KEY + " must be a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CircuitLensException(file + ": " + METADATA_KEY + " entry '" + e.getKey()
                        + "' must be a string, got " + e.getValue().getNodeType().name().toLowerCase());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseEntry(String file, String name, JsonNode node) {
        String where = file + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new CircuitLensException(where + ": entry must be a JSON object with dtype, shape, data_offsets");
        }
        JsonNode dtypeNode = require(where, node, "dtype");
        if (!dtypeNode.isTextual()) throw new CircuitLensException(where + ": dtype must be a string");
        DType dtype = DType.parse(dtypeNode.textValue(), where);

        long[] shape = longArray(where, require(where, node, "shape"), "shape", -1);
        for (long d : shape) {
            if (d < 0) throw new CircuitLensException(where + ": negative dimension " + d + " in shape " + Arrays.toString(shape));
        }
        long[] offsets = longArray(where, require(where, node, "data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || begin > end) {
            throw new CircuitLensException(where + ": data_offsets [" + begin + ", " + end + "] must satisfy 0 <= begin <= end");
        }
        long expected;
        try {
            expected = Math.multiplyExact(numel(shape), dtype.bytes());
        } catch (ArithmeticException ex) {
            throw new CircuitLensException(where + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (end - begin != expected) {
            throw new CircuitLensException(where + ": data_offsets span " + (end - begin) + " bytes but " + dtype
                    + Arrays.toString(shape) + " needs " + expected);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    private static JsonNode require(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new CircuitLensException(where + ": missing '" + field + "'");
        return v;
    }

    /** An array of integers fitting a long; {@code length} -1 means any length. */
    private static long[] longArray(String where, JsonNode node, String field, int length) {
        if (!node.isArray()) throw new CircuitLensException(where + ": '" + field + "' must be an array of integers");
        if (length >= 0 && node.size() != length) {
            throw new CircuitLensException(where + ": '" + field + "' must have " + length + " entries, has " + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new CircuitLensException(where + ": '" + field + "' must be an array of integers, found " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Tensors must not share bytes, and the data section must hold the furthest one. */
    private static void checkLayout(String file, Iterable<TensorInfo> infos, long dataLength) {
        List<TensorInfo> sorted = new ArrayList<>();
        infos.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long maxEnd = 0;
        TensorInfo prev = null;
        for (TensorInfo t : sorted) {
            maxEnd = Math.max(maxEnd, t.end());
            if (t.byteSize() == 0) continue; // empty tensors share no bytes with anything
            if (prev != null && t.begin() < prev.end()) {
                throw new CircuitLensException(file + ": tensors '" + prev.name() + "' [" + prev.begin() + ", " + prev.end()
                        + ") and '" + t.name() + "' [" + t.begin() + ", " + t.end() + ") overlap");
            }
            prev = t; // no overlap so far, so prev.end() is the furthest end seen
        }
        if (maxEnd > dataLength) {
            throw new CircuitLensException(file + ": truncated: header needs " + maxEnd + " bytes of data, file has " + dataLength);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
