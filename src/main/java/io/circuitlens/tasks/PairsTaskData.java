package io.circuitlens.tasks;

import io.circuitlens.data.PairsCsv;
import io.circuitlens.data.TokenizedPairs;
import io.circuitlens.metrics.Metric;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.hub.LoadedModel;

import java.nio.file.Path;

/** A generic pairs file ({@code clean,corrupted,correct,incorrect}, one answer each): logit-diff by default. */
public final class PairsTaskData implements TaskData {
    private final TokenizedPairs pairs;

    public PairsTaskData(TokenizedPairs pairs) {
        this.pairs = pairs;
    }

    /** Reads and tokenises a pairs file; errors name the file and row. */
    public static PairsTaskData read(Path file, int limit, LoadedModel model, boolean bos) {
        try {
            return new PairsTaskData(TokenizedPairs.of(PairsCsv.read(file, limit), model.tokenizer(), bos, model.config().nCtx()));
        } catch (io.circuitlens.common.CircuitLensException e) {
            if (e.getMessage().startsWith(file.toString())) throw e;
            throw new io.circuitlens.common.CircuitLensException(file + ": " + e.getMessage(), e);
        }
    }

    public TokenizedPairs pairs() {
        return pairs;
    }

    @Override
    public String task() {
        return "pairs";
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public Batch clean() {
        return pairs.cleanBatch();
    }

    @Override
    public Batch corrupted() {
        return pairs.corruptedBatch();
    }

    @Override
    public Metric metric(String name) {
        String n = name == null ? "logit-diff" : Metrics.checkName(name);
        if (n.startsWith("kl")) return Metrics.kl(n, size());
        return Metrics.answerDiff(n, pairs.correct(), pairs.incorrect());
    }

    @Override
    public TaskData head(int n) {
        if (n >= size()) return this;
        return new PairsTaskData(pairs.head(n));
    }
}
