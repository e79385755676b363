package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class Gpt2ConfigTest {
    @TempDir
    Path tmp;

    Gpt2Config read(String json) throws IOException {
        Path p = tmp.resolve("config.json");
        Files.writeString(p, json);
        return Gpt2Config.read(p);
    }

    @Test
    void readsTheGpt2SmallConfig() throws IOException {
        // the fields of the published gpt2 config.json that matter (n_inner null → 4 × n_embd)
        Gpt2Config c = read("""
                {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
                 "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_inner": null, "n_layer": 12, "n_positions": 1024,
                 "layer_norm_epsilon": 1e-05, "vocab_size": 50257, "scale_attn_weights": true}""");
        assertEquals(new Gpt2Config(12, 12, 768, 1024, 50257, 3072, 1e-5), c);
        assertEquals(64, c.dHead());
    }

    @Test
    void makeTinyConfigRoundTrips() throws IOException {
        Gpt2Config c = new Gpt2Config(3, 6, 48, 64, 257, 100, 1e-5);
        assertEquals(c, read(c.toHuggingFaceJson()));
    }

    @Test
    void rejectsWhatItCannotRun() {
        assertError("only 'gpt2'", "{\"model_type\": \"llama\", \"n_layer\": 1, \"n_head\": 1, \"n_embd\": 4, \"n_positions\": 8, \"vocab_size\": 10}");
        assertError("activation_function 'relu'", "{\"activation_function\": \"relu\", \"n_layer\": 1, \"n_head\": 1, \"n_embd\": 4, \"n_positions\": 8, \"vocab_size\": 10}");
        assertError("missing 'n_head'", "{\"n_layer\": 1, \"n_embd\": 4, \"n_positions\": 8, \"vocab_size\": 10}");
        assertError("not divisible", "{\"n_layer\": 1, \"n_head\": 3, \"n_embd\": 4, \"n_positions\": 8, \"vocab_size\": 10}");
        assertError("must be an integer", "{\"n_layer\": \"two\", \"n_head\": 1, \"n_embd\": 4, \"n_positions\": 8, \"vocab_size\": 10}");
        assertError("not valid JSON", "{\"n_layer\": ");
        assertError("scale_attn_by_inverse_layer_idx", "{\"scale_attn_by_inverse_layer_idx\": true, \"n_layer\": 1, \"n_head\": 1, \"n_embd\": 4, \"n_positions\": 8, \"vocab_size\": 10}");
        assertError("tie_word_embeddings", "{\"tie_word_embeddings\": false, \"n_layer\": 1, \"n_head\": 1, \"n_embd\": 4, \"n_positions\": 8, \"vocab_size\": 10}");
        CircuitLensException e = assertThrows(CircuitLensException.class, () -> Gpt2Config.read(tmp.resolve("absent.json")));
        assertTrue(e.getMessage().contains("absent.json: file not found"), e.getMessage());
    }

    void assertError(String part, String json) {
        CircuitLensException e = assertThrows(CircuitLensException.class, () -> read(json));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().contains("config.json"), "names the file: " + e.getMessage());
    }
}
