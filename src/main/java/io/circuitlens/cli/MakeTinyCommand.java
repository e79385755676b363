package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code circuitlens make-tiny --out DIR ...}: a small random GPT-2 in Hugging Face layout. */
@Command(name = "make-tiny", mixinStandardHelpOptions = true, description = "Write a small random GPT-2 (config.json, model.safetensors, vocab.json, merges.txt) for tests and demos.")
final class MakeTinyCommand implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created if needed).")
    Path out;

    @Option(names = "--layers", defaultValue = "2", description = "Transformer blocks (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads per block (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--d-model", defaultValue = "64", description = "Residual stream width (default ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--d-mlp", description = "MLP width (default 4 × d-model).")
    Integer dMlp;

    @Option(names = "--n-ctx", defaultValue = "128", description = "Context length (default ${DEFAULT-VALUE}).")
    int nCtx;

    @Option(names = "--vocab", defaultValue = "byte", description = "byte (257 tokens: bytes + <|endoftext|>) or gpt2 (needs --vocab-from).")
    String vocab;

    @Option(names = "--vocab-from", paramLabel = "DIR", description = "Folder with GPT-2's vocab.json + merges.txt (or encoder.json + vocab.bpe), for --vocab gpt2.")
    Path vocabFrom;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed; the same seed writes the same weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", defaultValue = "f32", description = "Stored dtype: f32, f16 or bf16 (default ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--key-style", defaultValue = "hub", description = "hub (wte.weight, h.0...) or state-dict (transformer. prefix, lm_head.weight, attn.bias buffers).")
    String keyStyle;


    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (!keyStyle.equals("hub") && !keyStyle.equals("state-dict")) {
            throw new CircuitLensException("--key-style must be 'hub' or 'state-dict', got '" + keyStyle + "'");
        }
        DType dt = switch (dtype.toLowerCase(java.util.Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            case "bf16" -> DType.BF16;
            default -> throw new CircuitLensException("--dtype must be f32, f16 or bf16, got '" + dtype + "'");
        };
        TinyModelSpec s = new TinyModelSpec(layers, heads, dModel, dMlp == null ? 4 * dModel : dMlp, nCtx, vocab, seed, dt,
                keyStyle.equals("state-dict"));
        s.config(); // validates the sizes before anything is written
        OutputPath.folder("--out", out, spec.commandLine().getErr());
        TinyModels.write(s, out, vocabFrom);
        spec.commandLine().getOut().printf("wrote %s: %s%n", out, s.config());
    }
}
