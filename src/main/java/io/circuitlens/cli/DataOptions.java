package io.circuitlens.cli;

import io.circuitlens.CircuitLensException;
import io.circuitlens.model.LoadedModel;
import io.circuitlens.tasks.PairsTaskData;
import io.circuitlens.tasks.TaskData;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a command's prompt pairs come from, shared by every command that runs a task. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "PAIRS.csv", description = "CSV of prompt pairs: clean,corrupted,correct,incorrect (answers single tokens; equal token lengths per pair).")
    Path data;

    @Option(names = "--metric", description = "logit-diff, prob-diff, kl or kl-mean (default: the task's own; logit-diff for a pairs file).")
    String metric;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N pairs (default: all).")
    int limit;

    @Option(names = "--no-bos", description = "Do not prepend <|endoftext|>.")
    boolean noBos;

    TaskData load(LoadedModel model) {
        if (data == null) throw new CircuitLensException("give the prompt pairs with --data FILE");
        return PairsTaskData.read(data, limit, model, !noBos);
    }

    /** Description of the data for result records. */
    String describe() {
        return data == null ? "" : data.toString();
    }

    /** SHA-256 of the data file (for result records and resumable-run fingerprints). */
    String sha256() {
        if (data == null) return "";
        try {
            return io.circuitlens.io.FileHashes.sha256(data);
        } catch (java.io.IOException e) {
            throw new CircuitLensException(data + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
