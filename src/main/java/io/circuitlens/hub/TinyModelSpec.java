package io.circuitlens.hub;

import io.circuitlens.model.Gpt2Config;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.tensor.DType;

/**
 * What {@code make-tiny} builds: a small random GPT-2 in Hugging Face layout. {@code vocab} is "byte" (257 tokens:
 * the 256 byte tokens and {@code <|endoftext|>}, no merges) or "gpt2" (the real 50257-token vocabulary, copied from
 * a folder). {@code dtype} (F32, F16, BF16) and {@code stateDictKeys} exercise the loader's other formats.
 */
public record TinyModelSpec(int layers, int heads, int dModel, int dMlp, int nCtx, String vocab, long seed,
                            DType dtype, boolean stateDictKeys) {
    public TinyModelSpec {
        if (!vocab.equals("byte") && !vocab.equals("gpt2")) {
            throw new CircuitLensException("the vocabulary must be 'byte' or 'gpt2', got '" + vocab + "'");
        }
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new CircuitLensException("the dtype must be F32, F16 or BF16, got " + dtype);
        }
    }

    public static TinyModelSpec defaults() {
        return new TinyModelSpec(2, 4, 64, 256, 128, "byte", 0, DType.F32, false);
    }

    public int vocabSize() {
        return vocab.equals("byte") ? 257 : 50257;
    }

    public Gpt2Config config() {
        return new Gpt2Config(layers, heads, dModel, nCtx, vocabSize(), dMlp, 1e-5);
    }
}
