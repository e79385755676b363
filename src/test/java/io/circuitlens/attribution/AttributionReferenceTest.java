package io.circuitlens.attribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.cli.Main;
import io.circuitlens.io.FileHashes;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `circuitlens attribute` against the independent float64 numpy implementation (weights-tools/attribution_reference.py,
 * gradients by finite differences): every score within 1e-4 of the largest score of its tensor, split points equal,
 * completeness gaps within 1e-4 of the largest score (they are float32 noise on our side, ~1e-9 on the reference's).
 */
class AttributionReferenceTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/attribution");
    @TempDir
    static Path tmp;
    static Path model;
    static JsonNode spec;

    @BeforeAll
    static void makeModel() throws Exception {
        spec = new ObjectMapper().readTree(FIXTURES.resolve("spec.json").toFile());
        JsonNode mt = spec.get("make_tiny");
        model = tmp.resolve("model");
        TinyModels.write(new TinyModelSpec(mt.get("layers").asInt(), mt.get("heads").asInt(), mt.get("d_model").asInt(),
                mt.get("d_mlp").asInt(), mt.get("n_ctx").asInt(), mt.get("vocab").asText(), mt.get("seed").asLong(),
                DType.valueOf(mt.get("dtype").asText().toUpperCase()), false), model, null);
        assertEquals(spec.get("model_sha256").asText(), FileHashes.sha256(model.resolve("model.safetensors")));
    }

    @TestFactory
    Stream<DynamicTest> attributeMatchesTheNumpyReference() {
        return StreamSupport.stream(spec.get("fixtures").spliterator(), false)
                .map(f -> DynamicTest.dynamicTest(f.get("file").asText(), () -> check(f)));
    }

    private void check(JsonNode fixture) throws Exception {
        List<String> args = new ArrayList<>(List.of("attribute", "--model", model.toString(), "--data", FIXTURES.resolve("pairs.csv").toString(),
                "--quiet", "--threads", "2"));
        fixture.get("args").forEach(a -> args.add(a.asText()));
        String method = fixture.get("metadata").get("method").asText();
        if (method.contains("ig")) args.add("--path-curves");
        Path out = tmp.resolve(fixture.get("file").asText());
        args.addAll(List.of("--out", out.toString()));
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        try (SafetensorsFile ours = SafetensorsFile.open(out); SafetensorsFile ref = SafetensorsFile.open(FIXTURES.resolve(fixture.get("file").asText()))) {
            double scoreScale = Math.max(maxAbs(ref.readFloatTensor("heads")), maxAbs(ref.readFloatTensor("neurons")));
            int compared = 0;
            for (String name : ref.names()) {
                if (name.startsWith("split_margin") || name.equals("lengths")) continue;
                assertTrue(ours.contains(name), "missing " + name);
                FloatTensor a = ours.readFloatTensor(name);
                FloatTensor b = ref.readFloatTensor(name);
                assertArrayEquals(b.shape(), a.shape(), name);
                double scale = name.startsWith("completeness_gap") ? scoreScale : Math.max(maxAbs(b), 1e-12);
                double tol = name.startsWith("split_alpha") ? 0 : 1e-4 * scale;
                double diff = 0;
                for (int i = 0; i < a.data().length; i++) diff = Math.max(diff, Math.abs(a.data()[i] - b.data()[i]));
                assertTrue(diff <= tol, fixture.get("file").asText() + ": " + name + " differs by " + diff + " (tolerance " + tol + ")");
                compared++;
            }
            assertTrue(compared >= 4);
        }
    }

    static double maxAbs(FloatTensor t) {
        double m = 0;
        for (float v : t.data()) m = Math.max(m, Math.abs(v));
        return m;
    }
}
