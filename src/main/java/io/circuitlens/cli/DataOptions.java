package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.Task;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.tasks.Tasks;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command's prompt pairs come from, shared by every command that runs a task. */
final class DataOptions {
    @Option(names = "--task", description = "Built-in task: ioi, gender-bias, greater-than, capital-country, sva, hypernymy (its dataset, or --data in that task's layout).")
    String task;

    @Option(names = "--data", paramLabel = "PAIRS.csv", description = "CSV of prompt pairs: clean,corrupted,correct,incorrect (answers single tokens; equal token lengths per pair), or with --task a file in that task's layout (ours or the EAP-IG faithfulness datasets').")
    Path data;

    @Option(names = "--variant", description = "Task variant (ioi: hard = the second subject replaced by the indirect object).")
    String variant;

    @Option(names = "--filter", description = "Keep only pairs on which the model's clean-run prob diff is at least 0.1 (the usual hypernymy filter).")
    boolean filter;

    @Option(names = "--metric", description = "logit-diff, prob-diff, kl or kl-mean (default: the task's own; logit-diff for a pairs file).")
    String metric;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N pairs (default: all).")
    int limit;

    @Option(names = "--no-bos", description = "Do not prepend <|endoftext|>.")
    boolean noBos;

    /** Checks everything that needs no model, so that a mistake fails before the model is loaded. */
    void check() {
        if (limit < 0) throw new CircuitLensException("--limit must not be negative, got " + limit);
        if (metric != null) Metrics.checkName(metric);
        if (task != null) {
            Tasks.checkVariant(task, variant);
        } else {
            if (data == null) throw new CircuitLensException("give the prompt pairs with --data FILE or a built-in task with --task NAME");
            if (variant != null) throw new CircuitLensException("--variant needs --task");
        }
        if (!Files.isRegularFile(file())) throw new CircuitLensException(file() + ": file not found");
    }

    /** The task these options describe, checked as far as it can be without a model. */
    Task task() {
        check();
        Task t = task == null ? Task.pairs(data) : data == null ? Task.builtin(task) : Task.builtin(task, data);
        t = t.limit(limit);
        if (noBos) t = t.withoutBos();
        if (variant != null) t = t.variant(variant);
        if (metric != null) t = t.metric(metric);
        if (filter) t = t.filteredAbove(0.1);
        return t;
    }

    /** The CSV file the pairs come from. */
    Path file() {
        return data != null ? data : task != null ? Tasks.builtinCsv(Tasks.checkName(task)) : null;
    }
}
