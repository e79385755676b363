package io.circuitlens.cli;

import io.circuitlens.io.ModelFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code circuitlens fetch-model NAME}: downloads a model's four files into the Hugging Face cache. */
@Command(name = "fetch-model", mixinStandardHelpOptions = true,
        header = "Download a GPT-2 model from the Hugging Face hub into the local cache.",
        description =
                "Download config.json, model.safetensors, vocab.json and merges.txt of a Hugging Face model (e.g. gpt2) " +
                "into the local Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub), with a progress bar. " +
                "Files already there are not downloaded again; an interrupted download resumes. $HF_ENDPOINT overrides the server.")
final class FetchModelCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NAME", description = "Model name: gpt2, gpt2-medium, gpt2-large, gpt2-xl, or any GPT-2 repo id.")
    String name;


    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Path folder = ModelFetcher.fetchModel(name);
        spec.commandLine().getOut().println(folder);
    }
}
