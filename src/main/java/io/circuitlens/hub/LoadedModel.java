package io.circuitlens.hub;

import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.model.Batch;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.HfHubCache;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.List;

/**
 * A model folder opened for use: its tokenizer and its weights on a backend. {@code modelArg} is a folder or a
 * Hugging Face name resolved from the local cache ({@code gpt2}, {@code gpt2-medium}, ...).
 */
public record LoadedModel(Path folder, Gpt2Tokenizer tokenizer, Gpt2Model model) implements AutoCloseable {

    public static LoadedModel open(String modelArg, Kernels kernels) {
        Path folder = HfHubCache.resolveModel(modelArg);
        // The tokenizer's files parse on another thread while the weights are read (both take about a second cold).
        FutureTask<Gpt2Tokenizer> tokenizer = new FutureTask<>(() -> Gpt2Tokenizer.fromModelFolder(folder));
        Thread.ofPlatform().daemon().name("circuitlens-tokenizer").start(tokenizer);
        Gpt2Model model;
        try {
            model = Gpt2Model.load(folder, kernels);
        } catch (RuntimeException e) {
            tokenizer.cancel(true);
            throw e;
        }
        Gpt2Tokenizer tok;
        try {
            tok = tokenizer.get();
        } catch (ExecutionException e) {
            model.close();
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new CircuitLensException(folder + ": cannot load the tokenizer (" + e.getCause() + ")", e.getCause());
        } catch (InterruptedException e) {
            model.close();
            Thread.currentThread().interrupt();
            throw new CircuitLensException("interrupted while loading the tokenizer");
        }
        if (tok.vocabSize() > model.config().dVocab()) {
            throw new CircuitLensException(folder + ": vocab.json has " + tok.vocabSize() + " tokens but config.json says vocab_size "
                    + model.config().dVocab());
        }
        return new LoadedModel(folder, tok, model);
    }

    public Gpt2Config config() {
        return model.config();
    }

    /** Tokenizes prompts (BOS first unless {@code bos} is false), checking each fits the model's context. */
    public Batch tokenize(List<String> prompts, boolean bos) {
        int[][] tokens = new int[prompts.size()][];
        for (int i = 0; i < prompts.size(); i++) {
            String text = prompts.get(i);
            int[] ids = tokenizer.encode(text, bos);
            if (ids.length == 0) {
                throw new CircuitLensException("prompt " + i + " is empty (no tokens: prepend BOS or give it text)");
            }
            if (ids.length > config().nCtx()) {
                throw new CircuitLensException("prompt " + i + " (" + io.circuitlens.common.TextQuoting.quote(text, 43) + ") is " + ids.length
                        + " tokens, more than the model's context of " + config().nCtx());
            }
            tokens[i] = ids;
        }
        return new Batch(tokens);
    }

    @Override
    public void close() {
        model.close();
    }
}
