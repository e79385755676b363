package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.CircuitLens;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.hub.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code circuitlens run --model M --prompt TEXT [--top-k K]}: next-token predictions with probabilities. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Print the model's top next-token predictions for a prompt, with probabilities.")
final class RunCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--top-k", defaultValue = "10", paramLabel = "K", description = "How many predictions to print (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--no-bos", description = "Do not prepend <|endoftext|>.")
    boolean noBos;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (topK < 1) throw new CircuitLensException("--top-k must be at least 1, got " + topK);
        PrintWriter out = spec.commandLine().getOut();
        try (CircuitLens lens = common.open(spec.commandLine().getErr())) {
            LoadedModel lm = lens.model();
            Kernels kernels = lens.kernels();
            Batch batch = lm.tokenize(List.of(prompt), !noBos);
            float[] logits;
            try (ForwardResult r = lm.model().forward(batch, ForwardOptions.lastLogits())) {
                logits = r.lastLogits(0);
            }
            double[] probs = TopK.softmax(logits);
            int[] top = TopK.indices(logits, Math.min(topK, logits.length));
            out.printf("model: %s (%s)%n", lm.folder(), lm.config());
            out.printf("backend: %s%n", kernels.describe());
            out.printf("prompt: %d tokens%n", batch.length(0));
            out.printf("%4s  %8s  %-24s  %10s  %10s%n", "rank", "token_id", "token", "prob", "logit");
            for (int i = 0; i < top.length; i++) {
                int id = top[i];
                out.printf("%4d  %8d  %-24s  %10.6f  %10.4f%n", i + 1, id, io.circuitlens.common.TextQuoting.quote(lm.tokenizer().token(id)), probs[id], logits[id]);
            }
        }
    }
}
