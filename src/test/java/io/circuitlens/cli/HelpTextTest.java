package io.circuitlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `circuitlens --help` and every `circuitlens CMD --help` as a user sees them. picocli prints its format warnings
 * straight to the process's stderr (captured once, when picocli is first used), so the help texts are printed by a
 * separate JVM ({@link HelpDump}).
 */
class HelpTextTest {
    @TempDir
    Path tmp;

    /** Prints `circuitlens --help`, then `circuitlens CMD --help` for each command given, each after a "=== CMD" line. */
    public static final class HelpDump {
        public static void main(String[] commands) {
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            out.println("=== circuitlens");
            Main.run(new String[] {"--help"}, out, err);
            for (String c : commands) {
                out.println("=== " + c);
                Main.run(new String[] {c, "--help"}, out, err);
            }
            out.flush();
            err.flush();
        }
    }

    static Map<String, CommandLine> commands() {
        return new CommandLine(new Main()).getSubcommands();
    }

    @Test
    void everyHelpTextPrintsWithoutWarningsAndEveryCommandHasAOneSentenceSummary() throws Exception {
        List<String> names = new ArrayList<>(commands().keySet());
        CliProcess p = CliProcess.start(tmp, HelpDump.class, names);
        assertTrue(p.process.waitFor(120, TimeUnit.SECONDS), "help took more than 2 minutes");
        assertEquals(0, p.process.exitValue(), p.err());
        String out = p.out();
        assertEquals(List.of(), CliProcess.programLines(p.err()), "nothing on stderr: no [picocli WARN] about a description");
        for (String n : names) assertTrue(out.contains("Usage: circuitlens " + n + " "), "no help for " + n + ":\n" + out);

        Map<String, String> summaries = summaries(out.substring(0, out.indexOf("=== " + names.getFirst())));
        assertEquals(names, new ArrayList<>(summaries.keySet()), "every command is listed");
        summaries.forEach((name, summary) -> assertTrue(summary.matches("[A-Z][^:]*(: [^:]+)?\\.") && !summary.contains(" ..."),
                name + "'s summary is not one whole sentence: '" + summary + "'"));
    }

    /** The "Commands:" list of `circuitlens --help`: name → summary, its wrapped lines joined. */
    static Map<String, String> summaries(String help) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        for (String line : help.substring(help.indexOf("Commands:\n") + "Commands:\n".length()).lines().toList()) {
            if (line.isBlank()) break;
            if (line.matches("  \\S.*")) {
                String[] parts = line.strip().split("\\s+", 2);
                current = parts[0];
                out.put(current, parts.length > 1 ? parts[1] : "");
            } else {
                out.put(current, out.get(current) + " " + line.strip());
            }
        }
        return out;
    }

    @Test
    void descriptionsAreSingleStringsThatPicocliWraps() {
        // a description given as several strings is printed one string per line: broken mid-sentence at our line ends
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(new CommandLine(new Main()).getCommandSpec());
        commands().values().stream().filter(c -> !(c.getCommandSpec().userObject() instanceof CommandLine.HelpCommand)) // picocli's own
                .forEach(c -> specs.add(c.getCommandSpec()));
        for (CommandSpec s : specs) {
            assertTrue(s.usageMessage().description().length <= 1, s.name() + ": description in " + s.usageMessage().description().length + " pieces");
            assertTrue(s.usageMessage().header().length <= 1, s.name() + ": header in pieces");
            for (OptionSpec o : s.options()) {
                assertTrue(o.description().length <= 1, s.name() + " " + o.longestName() + ": description in pieces");
            }
        }
    }

    @Test
    void everyCommandThatRunsAModelTakesThreads() {
        for (var e : commands().entrySet()) {
            CommandSpec s = e.getValue().getCommandSpec();
            if (s.findOption("--model") != null && !e.getKey().equals("tokenize") && !e.getKey().equals("dataset")) {
                assertNotNull(s.findOption("--threads"), e.getKey() + " runs a model but has no --threads");
            }
        }
    }
}
