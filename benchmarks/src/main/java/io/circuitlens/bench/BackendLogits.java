package io.circuitlens.bench;

import io.circuitlens.hub.LoadedModel;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.kernels.Precision;
import io.circuitlens.kernels.backends.Backend;
import io.circuitlens.kernels.backends.Backends;
import io.circuitlens.kernels.backends.Device;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code circuitlens logits} on a chosen backend, for the device run's cross-checks until the CLI has
 * {@code --device}: writes the same tensors (logits F32 [N, T, vocab], lengths I64 [N], tokens I64 [N, T]) so that
 * weights-tools/compare_hf_logits.py can compare them with transformers.
 * <pre>java -cp circuitlens.jar:classes io.circuitlens.bench.BackendLogits cuda|cpu fp32|tf32 MODEL PROMPTS.txt OUT.safetensors</pre>
 */
public final class BackendLogits {
    private BackendLogits() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: BackendLogits cuda|cpu|auto fp32|tf32 MODEL PROMPTS.txt OUT.safetensors");
            System.exit(2);
        }
        try {
            run(args);
        } catch (io.circuitlens.common.CircuitLensException e) {
            System.err.println("BackendLogits: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws IOException {
        Device device = Device.valueOf(args[0].toUpperCase(Locale.ROOT));
        Precision precision = Precision.valueOf(args[1].toUpperCase(Locale.ROOT));
        List<String> prompts = Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8).stream().filter(s -> !s.isEmpty()).toList();
        try (Backend backend = Backends.open(device, precision, Runtime.getRuntime().availableProcessors());
             LoadedModel lm = LoadedModel.open(args[2], backend.kernels())) {
            System.err.println(backend.choice());
            Batch batch = lm.tokenize(prompts, true);
            int n = batch.size();
            int maxLen = Arrays.stream(batch.lengths()).max().orElseThrow();
            int vocab = lm.config().dVocab();
            float[] logits = new float[n * maxLen * vocab];
            long[] tokens = new long[n * maxLen];
            Arrays.fill(tokens, -1);
            try (ForwardResult r = lm.model().forward(batch, ForwardOptions.allLogits())) {
                for (int p = 0; p < n; p++) {
                    float[] l = r.logits(p).data();
                    System.arraycopy(l, 0, logits, p * maxLen * vocab, l.length);
                    for (int t = 0; t < batch.length(p); t++) tokens[p * maxLen + t] = batch.tokens()[p][t];
                }
            }
            new SafetensorsWriter()
                    .metadata(Map.of("model", args[2], "bos", "true", "generator", "BackendLogits " + backend.choice()))
                    .add("lengths", new LongTensor(new int[] {n}, Arrays.stream(batch.lengths()).asLongStream().toArray()))
                    .add("tokens", new LongTensor(new int[] {n, maxLen}, tokens))
                    .add("logits", new FloatTensor(new int[] {n, maxLen, vocab}, logits))
                    .write(Path.of(args[4]));
        }
    }
}
