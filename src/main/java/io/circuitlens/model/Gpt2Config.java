package io.circuitlens.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.common.CircuitLensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The sizes of a GPT-2 model, read from a Hugging Face {@code config.json}. Field names follow TransformerLens
 * ({@code d_model}, {@code d_head}, {@code d_mlp}, {@code n_ctx}).
 */
public record Gpt2Config(int nLayers, int nHeads, int dModel, int nCtx, int dVocab, int dMlp, double layerNormEps) {

    public Gpt2Config {
        if (nLayers < 1 || nHeads < 1 || dModel < 1 || nCtx < 1 || dVocab < 1 || dMlp < 1) {
            throw new CircuitLensException("every size must be positive, got " + describe(nLayers, nHeads, dModel, nCtx, dVocab, dMlp));
        }
        if (dModel % nHeads != 0) {
            throw new CircuitLensException("n_embd " + dModel + " is not divisible by n_head " + nHeads);
        }
        if (!(layerNormEps > 0)) {
            throw new CircuitLensException("layer_norm_epsilon must be positive, got " + layerNormEps);
        }
    }

    public int dHead() {
        return dModel / nHeads;
    }

    private static String describe(int l, int h, int d, int ctx, int v, int mlp) {
        return "n_layer=" + l + " n_head=" + h + " n_embd=" + d + " n_positions=" + ctx + " vocab_size=" + v + " n_inner=" + mlp;
    }

    @Override
    public String toString() {
        return describe(nLayers, nHeads, dModel, nCtx, dVocab, dMlp) + " layer_norm_epsilon=" + layerNormEps;
    }

    /** Reads {@code config.json}; rejects GPT-2 variants whose forward pass we do not implement. */
    public static Gpt2Config read(Path configJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(configJson));
        } catch (NoSuchFileException e) {
            throw new CircuitLensException(configJson + ": file not found");
        } catch (IOException e) {
            throw new CircuitLensException(configJson + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CircuitLensException(configJson + ": expected a JSON object");
        }
        String where = configJson.toString();
        String modelType = root.path("model_type").asText("gpt2");
        if (!modelType.equals("gpt2")) {
            throw new CircuitLensException(where + ": model_type is '" + modelType + "', only 'gpt2' is supported");
        }
        String act = root.path("activation_function").asText("gelu_new");
        if (!act.equals("gelu_new")) {
            throw new CircuitLensException(where + ": activation_function '" + act + "' is not supported (GPT-2 uses gelu_new)");
        }
        for (String flag : new String[] {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"}) {
            if (root.path(flag).asBoolean(false)) {
                throw new CircuitLensException(where + ": " + flag + "=true is not supported");
            }
        }
        if (!root.path("tie_word_embeddings").asBoolean(true)) {
            throw new CircuitLensException(where + ": tie_word_embeddings=false is not supported (GPT-2 ties lm_head to wte)");
        }
        if (!root.path("scale_attn_weights").asBoolean(true)) {
            throw new CircuitLensException(where + ": scale_attn_weights=false is not supported");
        }
        int dModel = requiredInt(root, where, "n_embd");
        int nCtx = root.has("n_positions") ? requiredInt(root, where, "n_positions") : requiredInt(root, where, "n_ctx");
        JsonNode inner = root.get("n_inner");
        int dMlp = inner == null || inner.isNull() ? 4 * dModel : requiredInt(root, where, "n_inner");
        double eps = root.has("layer_norm_epsilon") ? root.get("layer_norm_epsilon").asDouble() : 1e-5;
        int nLayers = requiredInt(root, where, "n_layer");
        int nHeads = requiredInt(root, where, "n_head");
        int vocab = requiredInt(root, where, "vocab_size");
        try {
            return new Gpt2Config(nLayers, nHeads, dModel, nCtx, vocab, dMlp, eps);
        } catch (CircuitLensException e) {
            throw new CircuitLensException(where + ": " + e.getMessage());
        }
    }

    private static int requiredInt(JsonNode root, String where, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) throw new CircuitLensException(where + ": missing '" + key + "'");
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new CircuitLensException(where + ": '" + key + "' must be an integer, got " + n);
        }
        return n.intValue();
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A Hugging Face style {@code config.json} for this configuration (what {@code make-tiny} writes). */
    public String toHuggingFaceJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.putArray("architectures").add("GPT2LMHeadModel");
        o.put("model_type", "gpt2");
        o.put("activation_function", "gelu_new");
        o.put("n_layer", nLayers);
        o.put("n_head", nHeads);
        o.put("n_embd", dModel);
        o.put("n_positions", nCtx);
        o.put("n_ctx", nCtx);
        o.put("vocab_size", dVocab);
        if (dMlp == 4 * dModel) o.putNull("n_inner"); else o.put("n_inner", dMlp);
        o.put("layer_norm_epsilon", layerNormEps);
        o.put("bos_token_id", dVocab - 1);
        o.put("eos_token_id", dVocab - 1);
        o.put("attn_pdrop", 0.0);
        o.put("embd_pdrop", 0.0);
        o.put("resid_pdrop", 0.0);
        o.put("scale_attn_weights", true);
        o.put("tie_word_embeddings", true);
        o.put("torch_dtype", "float32");
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
