package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;

/** The {@code circuitlens} command line: parses, calls the library, prints. */
@Command(name = "circuitlens", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Mechanistic interpretability of GPT-2: every TransformerLens hook point cached and patched, batched.",
        subcommands = {TokenizeCommand.class, RunCommand.class, LogitsCommand.class, AttributeCommand.class, CompareCommand.class,
                LatentCommand.class, AblateCommand.class, CurveCommand.class, PruneCommand.class, FaithfulnessCommand.class,
                AblationTableCommand.class, ExportCircuitCommand.class, ValidateCommand.class, PlotCommand.class, ReportCommand.class, DatasetCommand.class, MakeTinyCommand.class,
                FetchModelCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code circuitlens --version}: the version the build recorded. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {io.circuitlens.common.Version.tool()};
        }
    }

    /** Read from the raw arguments by {@link #run(String[], PrintWriter, PrintWriter)}; declared for --help. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try --help)");
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(RunningCommand::interrupted, "circuitlens-interrupt"));
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), Terminal.stderr()));
    }

    /** Runs the CLI with the given streams and returns the exit code (for tests: progress is drawn as for a log file). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false);
    }

    /** @param errIsTerminal whether {@code err} goes to a terminal, where progress redraws one line */
    static int run(String[] args, PrintWriter out, PrintWriter err, boolean errIsTerminal) {
        RunningCommand.start(err, errIsTerminal);
        try {
            return execute(args, out, err);
        } finally {
            RunningCommand.end();
        }
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CircuitLensException) {
                err.println("circuitlens: " + ex.getMessage());
            } else {
                err.println("circuitlens: internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
            }
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return 1;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("circuitlens: out of memory; use a smaller --batch-size or give Java more memory (CIRCUITLENS_JAVA_OPTS=-Xmx...)");
            code = 1;
        }
        out.flush();
        err.flush();
        return code;
    }
}
