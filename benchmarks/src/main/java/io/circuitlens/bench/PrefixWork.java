package io.circuitlens.bench;

import io.circuitlens.model.Batch;
import io.circuitlens.tasks.TaskPairs;
import io.circuitlens.tasks.Tasks;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The share of a patched pass's work the engine's position shortcuts leave, on every built-in dataset tokenised with
 * GPT-2's tokenizer: causal prefix reuse (rows from the first position where a pair differs) and metric rows only
 * (one row per prompt after the last attention mix). Work is counted in GEMM and attention FLOPs of GPT-2 small from
 * the pairs' real token positions, for the passes AP and IG run per layer (from hook_z or hook_post of layer L to the
 * logits), averaged over the 12 layers; the backward of IG mirrors its forward's rows, so its share is the same.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.circuitlens.bench.PrefixWork VOCAB_DIR</pre>
 * VOCAB_DIR holds GPT-2's vocab.json and merges.txt.
 */
public final class PrefixWork {
    static final int D = 768;
    static final int LAYERS = 12;
    static final int MLP = 3072;

    private PrefixWork() {}

    public static void main(String[] args) {
        Path vocab = Path.of(args[0]);
        Gpt2Tokenizer tok = Gpt2Tokenizer.load(vocab.resolve("vocab.json"), vocab.resolve("merges.txt"));
        List<String[]> rows = new ArrayList<>();
        for (String task : Tasks.NAMES) {
            List<String> variants = new ArrayList<>();
            variants.add(null);
            variants.addAll(Tasks.variants(task));
            for (String variant : variants) {
                TaskPairs pairs = Tasks.load(task, null, tok, 1024, 0, true, variant);
                rows.add(row(variant == null ? task : task + " (" + variant + ")", pairs.clean(), pairs.corrupted()));
            }
        }
        System.out.println("| dataset | pairs | tokens (mean) | first difference (mean position) | positions recomputed | "
                + "AP/IG pass from hook_z: work left | from hook_post: work left |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
    }

    static String[] row(String name, Batch clean, Batch corrupted) {
        int[] first = Batch.firstDifferences(clean, corrupted);
        double tokens = 0;
        double firstSum = 0;
        double recomputed = 0;
        double[] plainZ = new double[1];
        double[] fastZ = new double[1];
        double[] plainPost = new double[1];
        double[] fastPost = new double[1];
        for (int p = 0; p < clean.size(); p++) {
            int len = clean.length(p);
            int w = len - Math.min(first[p], len - 1); // rows of the window
            tokens += len;
            firstSum += first[p];
            recomputed += w;
            for (int l = 0; l < LAYERS; l++) {
                plainZ[0] += pass(l, false, len, len, false);
                fastZ[0] += pass(l, false, len, w, true);
                plainPost[0] += pass(l, true, len, len, false);
                fastPost[0] += pass(l, true, len, w, true);
            }
        }
        int n = clean.size();
        return new String[] {name, Integer.toString(n), String.format("%.1f", tokens / n), String.format("%.1f", firstSum / n),
                String.format("%.0f%%", 100 * recomputed / tokens), String.format("%.0f%%", 100 * fastZ[0] / plainZ[0]),
                String.format("%.0f%%", 100 * fastPost[0] / plainPost[0])};
    }

    /**
     * FLOPs of one prompt's pass from layer {@code start}'s hook_z (or hook_post) to the answer logits: {@code rows}
     * rows for the row-wise kernels (the window), attention over all {@code len} queries of the whole prompt; with
     * {@code metricRows}, one row after the last layer's attention mix.
     */
    static double pass(int start, boolean fromPost, int len, int rows, boolean metricRows) {
        double flops = 0;
        for (int l = start; l < LAYERS; l++) {
            boolean last = l == LAYERS - 1;
            int after = metricRows && last ? 1 : rows; // rows after the mix
            if (l > start) flops += 2.0 * rows * D * 3 * D + 4.0 * len * len * D; // ln1 → qkv, scores and mix
            if (l > start || !fromPost) flops += 2.0 * after * D * D + 2.0 * after * D * MLP; // W_O, W_in
            flops += 2.0 * after * MLP * D; // W_out
        }
        return flops;
    }
}
