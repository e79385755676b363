package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.AtomicFiles;
import io.circuitlens.io.HfHubCache;
import io.circuitlens.tasks.DatasetsDir;
import io.circuitlens.tasks.GeneratedDataset;
import io.circuitlens.tasks.Generators;
import io.circuitlens.tasks.Tasks;
import io.circuitlens.tasks.TokenizerFolder;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code circuitlens dataset --task T ...}: regenerates a task's dataset from the word lists, keeping only rows that
 * pass the tokenizer checks, and says how many the filters dropped. Public so that tests outside this package can run
 * it before it is registered in {@link Main}.
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Generate a built-in task's dataset from the word lists (seeded: the same arguments write the same file).")
public final class DatasetCommand implements Runnable {
    @Option(names = "--task", required = true, description = "ioi, gender-bias, greater-than, capital-country, sva or hypernymy.")
    String task;

    @Option(names = "--n", paramLabel = "N", description = "Rows to generate (default: the size of the committed datasets/<task>.csv).")
    Integer n;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}, the committed datasets' seed).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "F.csv", description = "CSV file to write (atomically).")
    Path out;

    @Option(names = "--vocab-from", paramLabel = "DIR", description = "Folder with GPT-2's vocab.json + merges.txt (or encoder.json + vocab.bpe) to check tokens with.")
    Path vocabFrom;

    @Option(names = "--model", paramLabel = "M", description = "Check tokens with this model's tokenizer (folder or Hugging Face name in the local cache); only its vocabulary is read.")
    String model;

    @Option(names = "--variant", description = "ioi only: 'hard' also writes the hard corruption (second subject -> indirect object) in the corrupted column.")
    String variant;

    @Option(names = "--wordlists", paramLabel = "DIR", description = "Word list folder (default: datasets/wordlists).")
    Path wordlists;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Tasks.checkName(task);
        if ((vocabFrom == null) == (model == null)) {
            throw new CircuitLensException("give exactly one of --vocab-from DIR and --model M (the tokenizer the rows are checked with)");
        }
        int rows = n != null ? n : Generators.BUILTIN_ROWS.get(task);
        if (rows < 1) throw new CircuitLensException("--n must be at least 1, got " + rows);
        OutputPath.file("--out", out, spec.commandLine().getErr());
        Gpt2Tokenizer tok = vocabFrom != null ? TokenizerFolder.load(vocabFrom)
                : Gpt2Tokenizer.fromModelFolder(HfHubCache.resolveModel(model));
        Path lists = wordlists != null ? wordlists : DatasetsDir.find().resolve("wordlists");
        GeneratedDataset data = Generators.generate(task, lists, tok, rows, seed, variant);
        if (data.kept() == 0) throw new CircuitLensException("no " + task + " row passed the filters; nothing written");
        AtomicFiles.writeString(out, data.toCsv());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s: %d %s rows (seed %d)%n", out, data.kept(), task, seed);
        for (String line : data.summary()) w.println("  " + line);
        w.flush();
    }
}
