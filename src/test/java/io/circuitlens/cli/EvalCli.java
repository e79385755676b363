package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs one of the ablation commands on its own (as Main would, with one-line errors), capturing its output. */
final class EvalCli {
    private EvalCli() {}

    static CliTest.Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (!(ex instanceof CircuitLensException)) throw ex;
            cmd.getErr().println("circuitlens: " + ex.getMessage());
            cmd.getErr().flush();
            return 1;
        });
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return CliTest.Result.of(code, out.toString(), err.toString());
    }
}
