package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.CircuitLens;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.tensor.DType;
import io.circuitlens.tensor.LongTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code circuitlens logits --model M --prompts FILE --out OUT.safetensors}: logits at every position of every
 * prompt. The output is streamed in batches, so files larger than memory can be written; it appears atomically.
 */
@Command(name = "logits", mixinStandardHelpOptions = true,
        header = "Write the logits at every position of every prompt of a file to a safetensors file.",
        description =
                "Reads one prompt per line of FILE and writes logits F32 [N, T, vocab] (T = the longest prompt; positions past a " +
                "prompt's end are 0), lengths I64 [N] (token counts, BOS included) and tokens I64 [N, T] (token ids, -1 past a " +
                "prompt's end).")
final class LogitsCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--prompts", required = true, paramLabel = "FILE", description = "UTF-8 text file, one prompt per line (leading spaces kept).")
    Path prompts;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output .safetensors file (written atomically).")
    Path out;

    @Option(names = "--no-bos", description = "Do not prepend <|endoftext|>.")
    boolean noBos;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "B", description = "Prompts per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (batchSize < 1) throw new CircuitLensException("--batch-size must be at least 1, got " + batchSize);
        PrintWriter err = spec.commandLine().getErr();
        List<String> lines = PromptFile.read(prompts);
        OutputPath.file("--out", out, err);
        long t0 = System.nanoTime();
        try (CircuitLens lens = common.open(spec.commandLine().getErr())) {
            LoadedModel lm = lens.model();
            Kernels kernels = lens.kernels();
            Batch all = lm.tokenize(lines, !noBos);
            int n = all.size();
            int maxLen = Arrays.stream(all.lengths()).max().orElseThrow();
            int vocab = lm.config().dVocab();
            long[] lengths = Arrays.stream(all.lengths()).asLongStream().toArray();
            long[] tokens = new long[n * maxLen];
            Arrays.fill(tokens, -1);
            for (int p = 0; p < n; p++) {
                for (int t = 0; t < all.length(p); t++) tokens[p * maxLen + t] = all.tokens()[p][t];
            }
            SafetensorsWriter w = new SafetensorsWriter()
                    .metadata(Map.of("model", lm.folder().toString(), "bos", Boolean.toString(!noBos), "generator", "circuitlens logits"))
                    .add("lengths", new LongTensor(new int[] {n}, lengths))
                    .add("tokens", new LongTensor(new int[] {n, maxLen}, tokens))
                    .addStreamed("logits", DType.F32, new long[] {n, maxLen, vocab}, sink -> {
                        float[] zeros = new float[vocab];
                        try (BarProgress bar = new BarProgress(n > batchSize, "logits", "prompts", err)) {
                            bar.total(n);
                            for (int start = 0, end; start < n; start = end) {
                                end = chunkEnd(all, start, vocab);
                                Batch chunk = new Batch(Arrays.copyOfRange(all.tokens(), start, end));
                                try (ForwardResult r = lm.model().forward(chunk, ForwardOptions.allLogits())) {
                                    for (int p = 0; p < chunk.size(); p++) {
                                        float[] data = r.logits(p).data();
                                        sink.writeFloats(data, 0, data.length);
                                        for (int t = chunk.length(p); t < maxLen; t++) sink.writeFloats(zeros, 0, vocab);
                                    }
                                }
                                bar.advance(end - start);
                            }
                        }
                    });
            w.write(out);
            spec.commandLine().getOut().printf("logits of %d prompts (%d tokens) in %.1f s -> %s%n", n, Arrays.stream(lengths).sum(),
                    (System.nanoTime() - t0) / 1e9, out);
        }
    }

    /** Logits of one forward pass are rows × vocab floats; keep them under ~1 GB whatever the batch size. */
    static final long MAX_LOGITS_PER_PASS = 1L << 28;

    private int chunkEnd(Batch all, int start, int vocab) {
        int end = start + 1;
        long rows = all.length(start);
        while (end < all.size() && end - start < batchSize && (rows + all.length(end)) * vocab <= MAX_LOGITS_PER_PASS) {
            rows += all.length(end);
            end++;
        }
        return end;
    }

}
