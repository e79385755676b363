package io.circuitlens.cli;

import io.circuitlens.io.HfHubCache;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code circuitlens tokenize --model M [--no-bos] TEXT}: prints the token ids, space-separated. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, description = "Print the token ids of TEXT, space-separated (BOS first unless --no-bos).")
final class TokenizeCommand implements Runnable {
    @Option(names = "--model", required = true, paramLabel = "M", description = "Model folder or Hugging Face name (only its tokenizer is read).")
    String model;

    @Option(names = "--no-bos", description = "Do not prepend <|endoftext|>.")
    boolean noBos;


    @Parameters(index = "0", paramLabel = "TEXT", description = "Text to tokenize (quote it; leading spaces matter).")
    String text;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Gpt2Tokenizer tok = Gpt2Tokenizer.fromModelFolder(HfHubCache.resolveModel(model));
        int[] ids = tok.encode(text, !noBos);
        spec.commandLine().getOut().println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
    }
}
