package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2 parameters uploaded to a backend. Reads both key styles: hub style ({@code wte.weight}, {@code h.0.attn...})
 * and {@code GPT2LMHeadModel.state_dict()} style ({@code transformer.} prefix). The unembedding is tied to wte, as
 * in every GPT-2 checkpoint, so a stored {@code lm_head.weight} is not read (config.json must not untie them).
 * Buffers such as {@code h.N.attn.bias} (the causal mask) are not parameters and are ignored.
 */
public record Gpt2Weights(Buf wte, Buf wpe, List<LayerWeights> layers, Buf lnFinalW, Buf lnFinalB) {

    public static Gpt2Weights load(Path safetensors, Gpt2Config cfg, Kernels kernels) {
        try (SafetensorsFile file = SafetensorsFile.open(safetensors)) {
            return load(file, cfg, kernels);
        }
    }

    static Gpt2Weights load(SafetensorsFile file, Gpt2Config cfg, Kernels kernels) {
        String prefix = keyPrefix(file);
        Map<String, Buf> bufs = new HashMap<>();
        for (Gpt2Parameters.Spec spec : Gpt2Parameters.all(cfg)) {
            String key = prefix + spec.name();
            bufs.put(spec.name(), read(file, key, spec.shape(), kernels));
        }
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < cfg.nLayers(); l++) {
            String h = "h." + l + ".";
            layers.add(new LayerWeights(bufs.get(h + "ln_1.weight"), bufs.get(h + "ln_1.bias"),
                    bufs.get(h + "attn.c_attn.weight"), bufs.get(h + "attn.c_attn.bias"),
                    bufs.get(h + "attn.c_proj.weight"), bufs.get(h + "attn.c_proj.bias"),
                    bufs.get(h + "ln_2.weight"), bufs.get(h + "ln_2.bias"),
                    bufs.get(h + "mlp.c_fc.weight"), bufs.get(h + "mlp.c_fc.bias"),
                    bufs.get(h + "mlp.c_proj.weight"), bufs.get(h + "mlp.c_proj.bias")));
        }
        return new Gpt2Weights(bufs.get("wte.weight"), bufs.get("wpe.weight"), List.copyOf(layers),
                bufs.get("ln_f.weight"), bufs.get("ln_f.bias"));
    }

    /** "" for hub-style checkpoints, "transformer." for state_dict-style ones. */
    static String keyPrefix(SafetensorsFile file) {
        if (file.contains("wte.weight")) return "";
        if (file.contains("transformer.wte.weight")) return "transformer.";
        throw new CircuitLensException(file.path() + ": no 'wte.weight' or 'transformer.wte.weight' tensor: not a GPT-2 checkpoint");
    }

    private static Buf read(SafetensorsFile file, String key, int[] shape, Kernels kernels) {
        if (!file.contains(key)) {
            throw new CircuitLensException(file.path() + ": missing tensor '" + key + "'");
        }
        long[] actual = file.info(key).shape();
        long[] expected = Arrays.stream(shape).asLongStream().toArray();
        if (!Arrays.equals(actual, expected)) {
            throw new CircuitLensException(file.path() + ": tensor '" + key + "' has shape " + Arrays.toString(actual)
                    + " but config.json implies " + Arrays.toString(expected));
        }
        return kernels.upload(file.readFloats(key));
    }

    /** Frees the device memory of every parameter. */
    public void release(Kernels kernels) {
        List<Buf> all = new ArrayList<>(List.of(wte, wpe, lnFinalW, lnFinalB));
        for (LayerWeights lw : layers) {
            all.addAll(List.of(lw.ln1W(), lw.ln1B(), lw.qkvW(), lw.qkvB(), lw.outW(), lw.outB(),
                    lw.ln2W(), lw.ln2B(), lw.fcW(), lw.fcB(), lw.projW(), lw.projB()));
        }
        for (Buf b : all) kernels.release(b);
    }
}
