package io.circuitlens.hub;

import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.Gpt2Parameters;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.AtomicFiles;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tokenizer.ByteLevelVocab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes small random GPT-2 models for tests and demos. Every tensor is drawn in {@link Gpt2Parameters} order from
 * one {@link TinyRandom} stream, so a (spec, seed) always gives the same bytes. The scales keep activations O(1)
 * and attention patterns non-uniform, so tests see real structure rather than near-zero logits.
 */
public final class TinyModels {
    private TinyModels() {}

    /**
     * Writes config.json, model.safetensors, vocab.json and merges.txt into {@code dir}. For the "gpt2" vocabulary,
     * {@code gpt2VocabDir} must hold vocab.json + merges.txt (or encoder.json + vocab.bpe).
     */
    public static void write(TinyModelSpec spec, Path dir, Path gpt2VocabDir) {
        Gpt2Config cfg = spec.config();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CircuitLensException("cannot create " + dir + ": " + e.getMessage());
        }
        writeVocab(spec, dir, gpt2VocabDir);
        TinyRandom rng = new TinyRandom(spec.seed());
        SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of("format", "pt", "generator", "circuitlens make-tiny",
                "seed", Long.toString(spec.seed())));
        String prefix = spec.stateDictKeys() ? "transformer." : "";
        float[] wte = null;
        for (Gpt2Parameters.Spec p : Gpt2Parameters.all(cfg)) {
            float[] values = draw(p, cfg, rng);
            roundTo(values, spec.dtype());
            if (p.name().equals("wte.weight")) wte = values;
            add(w, prefix + p.name(), p.shape(), values, spec.dtype());
        }
        if (spec.stateDictKeys()) {
            // What GPT2LMHeadModel.state_dict() also holds: the tied head and the non-parameter causal-mask buffers.
            add(w, "lm_head.weight", new int[] {cfg.dVocab(), cfg.dModel()}, wte, spec.dtype());
            for (int l = 0; l < cfg.nLayers(); l++) {
                float[] mask = new float[cfg.nCtx() * cfg.nCtx()];
                for (int i = 0; i < cfg.nCtx(); i++) for (int j = 0; j <= i; j++) mask[i * cfg.nCtx() + j] = 1f;
                w.add(prefix + "h." + l + ".attn.bias", new FloatTensor(new int[] {1, 1, cfg.nCtx(), cfg.nCtx()}, mask));
                w.add(prefix + "h." + l + ".attn.masked_bias", new FloatTensor(new int[0], new float[] {-1e4f}));
            }
        }
        w.write(dir.resolve("model.safetensors"));
        AtomicFiles.writeString(dir.resolve("config.json"), cfg.toHuggingFaceJson());
    }

    private static float[] draw(Gpt2Parameters.Spec p, Gpt2Config cfg, TinyRandom rng) {
        int n = Math.toIntExact(io.circuitlens.tensor.Shapes.numel(p.shape()));
        String name = p.name();
        double mean = 0;
        double std;
        if (name.startsWith("wte") || name.startsWith("wpe")) {
            std = 0.5;
        } else if (name.contains("ln_") && name.endsWith(".weight")) {
            mean = 1;
            std = 0.1;
        } else if (name.endsWith(".bias")) {
            std = 0.1;
        } else {
            std = 1.0 / Math.sqrt(p.shape()[0]); // fan-in scaling keeps q·k/√d_head and MLP inputs O(1)
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (mean + std * rng.nextGaussian());
        return out;
    }

    /** Rounds to the stored dtype so the file holds exactly these values. */
    private static void roundTo(float[] v, DType dtype) {
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case F16 -> Float.float16ToFloat(Float.floatToFloat16(v[i]));
                case BF16 -> Float.intBitsToFloat(bf16Bits(v[i]) << 16);
                default -> v[i];
            };
        }
    }

    /** float → bfloat16 bits, round to nearest even. */
    static int bf16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return ((bits + rounding) >>> 16) & 0xFFFF;
    }

    private static void add(SafetensorsWriter w, String name, int[] shape, float[] values, DType dtype) {
        if (dtype == DType.F32) {
            w.add(name, new FloatTensor(shape, values));
            return;
        }
        byte[] bytes = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            int h = dtype == DType.F16 ? Float.floatToFloat16(values[i]) & 0xFFFF : bf16Bits(values[i]);
            bytes[2 * i] = (byte) h;
            bytes[2 * i + 1] = (byte) (h >>> 8);
        }
        w.addBytes(name, dtype, java.util.Arrays.stream(shape).asLongStream().toArray(), bytes);
    }

    private static void writeVocab(TinyModelSpec spec, Path dir, Path gpt2VocabDir) {
        if (spec.vocab().equals("byte")) {
            ByteLevelVocab.write(dir);
            return;
        }
        if (gpt2VocabDir == null) {
            throw new CircuitLensException("the gpt2 vocabulary needs a folder holding GPT-2's vocab.json and merges.txt (or encoder.json and vocab.bpe)");
        }
        copyFirst(gpt2VocabDir, dir.resolve("vocab.json"), "vocab.json", "encoder.json");
        copyFirst(gpt2VocabDir, dir.resolve("merges.txt"), "merges.txt", "vocab.bpe");
    }

    private static void copyFirst(Path from, Path to, String... names) {
        for (String n : names) {
            Path src = from.resolve(n);
            if (Files.isRegularFile(src)) {
                try {
                    Files.copy(src, to, StandardCopyOption.REPLACE_EXISTING);
                    return;
                } catch (IOException e) {
                    throw new CircuitLensException("cannot copy " + src + " to " + to + ": " + e.getMessage());
                }
            }
        }
        throw new CircuitLensException(from + ": has none of " + String.join(", ", names));
    }
}
