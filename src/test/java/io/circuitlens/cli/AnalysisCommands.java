package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.tensor.FloatTensor;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test helpers for compare and latent: run a command as Main would (one-line errors for CircuitLensException, exit
 * code 1) and write small hand-made results files in attribute's layout.
 */
final class AnalysisCommands {
    private AnalysisCommands() {}

    static CliTest.Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(errWriter);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (!(ex instanceof CircuitLensException)) throw ex; // a bug: let the test show the stack trace
            errWriter.println("circuitlens: " + ex.getMessage());
            errWriter.flush();
            return 1;
        });
        int code = cl.execute(args);
        cl.getOut().flush();
        errWriter.flush();
        return CliTest.Result.of(code, out.toString(), err.toString());
    }

    /** A results file builder: heads/neurons tables, metrics and the run record, as attribute writes them. */
    static final class ResultsFile {
        private final SafetensorsWriter w = new SafetensorsWriter();

        ResultsFile run(String method, String direction) {
            w.metadata(Map.of("run", "{\"method\":\"" + method + "\",\"direction\":\"" + direction
                    + "\",\"metric\":\"logit-diff\",\"data_sha256\":\"00ff\"}"));
            return this;
        }

        ResultsFile tensor(String name, int[] shape, float... values) {
            w.add(name, new FloatTensor(shape, values));
            return this;
        }

        ResultsFile metrics(float[] clean, float[] corrupted) {
            tensor("metric_clean", new int[] {clean.length}, clean);
            return tensor("metric_corrupted", new int[] {corrupted.length}, corrupted);
        }

        Path write(Path path) {
            w.write(path);
            return path;
        }
    }

    static float[] scaled(float[] v, float factor) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * factor;
        return out;
    }

    /** stderr held exactly one line. */
    static boolean oneLine(String err) {
        return !err.isBlank() && err.strip().lines().count() == 1;
    }
}
