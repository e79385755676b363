package io.circuitlens.model;

import io.circuitlens.hub.LoadedModel;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.hub.TinyModelSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward pass against committed reference fixtures (weights-tools/make_fixtures.py: Hugging Face transformers
 * in float64 for logits, a float64 numpy implementation for every hook). The model is rebuilt here by make-tiny from
 * the fixture's recorded arguments, so this also pins make-tiny's output.
 */
class ForwardReferenceTest {
    static final String[] FIXTURES = {"tiny-odd", "tiny-state-dict-f16", "tiny-bf16"};
    static final double LOGIT_TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> matchesReference() {
        return Stream.of(FIXTURES).map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    static Path fixtureDir(String name) {
        return Path.of("src/test/resources/fixtures", name);
    }

    static TinyModelSpec specOf(JsonNode mt) {
        return new TinyModelSpec(mt.get("layers").asInt(), mt.get("heads").asInt(), mt.get("d_model").asInt(),
                mt.get("d_mlp").asInt(), mt.get("n_ctx").asInt(), mt.get("vocab").asText(), mt.get("seed").asLong(),
                DType.valueOf(mt.get("dtype").asText().toUpperCase()), mt.get("key_style").asText().equals("state-dict"));
    }

    private void check(String name) throws Exception {
        JsonNode spec = new ObjectMapper().readTree(fixtureDir(name).resolve("spec.json").toFile());
        Path modelDir = tmp.resolve(name);
        TinyModels.write(specOf(spec.get("make_tiny")), modelDir, null);
        assertEquals(spec.get("model_sha256").asText(), io.circuitlens.io.FileHashes.sha256(modelDir.resolve("model.safetensors")),
                "make-tiny no longer writes the bytes the fixture was computed from");

        List<String> prompts = new ArrayList<>();
        spec.get("prompts").forEach(p -> prompts.add(p.asText()));
        try (Kernels k = TestModels.cpu(); LoadedModel lm = LoadedModel.open(modelDir.toString(), k);
             SafetensorsFile ref = SafetensorsFile.open(fixtureDir(name).resolve("reference.safetensors"))) {
            Batch batch = lm.tokenize(prompts, true);
            for (int p = 0; p < prompts.size(); p++) {
                long[] expected = ref.readLongs("prompt" + p + ".tokens");
                assertArrayEquals(java.util.Arrays.stream(expected).mapToInt(v -> (int) v).toArray(), batch.tokens()[p],
                        "tokens of prompt " + p);
            }
            ForwardOptions opt = ForwardOptions.allLogits().withCache(HookFilter.all());
            try (ForwardResult r = lm.model().forward(batch, opt)) {
                double worst = 0;
                for (int p = 0; p < prompts.size(); p++) {
                    worst = Math.max(worst, maxAbsDiff(ref.readFloatTensor("prompt" + p + ".logits"), r.logits(p)));
                }
                System.out.printf("%s: max |logit - reference| = %.3g over %d prompts%n", name, worst, prompts.size());
                assertTrue(worst <= LOGIT_TOLERANCE, name + ": logits differ from the reference by " + worst);

                int hp = spec.get("hooks_prompt").asInt();
                int hooksChecked = 0;
                for (HookName h : HookName.all(lm.config().nLayers())) {
                    FloatTensor expected = ref.readFloatTensor("prompt" + hp + "." + h);
                    FloatTensor actual = r.cache().get(h, hp);
                    assertArrayEquals(expected.shape(), actual.shape(), "shape of " + h);
                    double tol = 1e-4 * Math.max(1, maxAbs(expected));
                    double diff = maxAbsDiff(expected, actual);
                    assertTrue(diff <= tol, name + ": hook " + h + " differs by " + diff + " (tolerance " + tol + ")");
                    hooksChecked++;
                }
                assertEquals(HookName.all(lm.config().nLayers()).size(), hooksChecked);
            }
        }
    }

    /** Max |a − b|, treating equal infinities (masked attention scores) as equal. */
    static double maxAbsDiff(FloatTensor a, FloatTensor b) {
        assertArrayEquals(a.shape(), b.shape());
        double m = 0;
        for (int i = 0; i < a.data().length; i++) {
            float x = a.data()[i];
            float y = b.data()[i];
            if (x == y) continue;
            m = Math.max(m, Double.isNaN(x - y) ? Double.POSITIVE_INFINITY : Math.abs((double) x - y));
        }
        return m;
    }

    static double maxAbs(FloatTensor a) {
        double m = 0;
        for (float v : a.data()) if (Float.isFinite(v)) m = Math.max(m, Math.abs(v));
        return m;
    }

}
