package io.circuitlens.circuit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.tensor.FloatTensor;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint next to the output ({@code OUT.partial}): rewritten atomically after every finished unit with the
 * results so far, the units done and a fingerprint of the job (method, options, model, data hash). A rerun of the
 * same job resumes from it; a different job ignores it; a finished run deletes it.
 */
public final class CheckpointFile implements Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String job;
    private final Set<String> done = new LinkedHashSet<>();
    private final Map<String, FloatTensor> restored = new LinkedHashMap<>();

    /**
     * The checkpoint of the job {@code job} (a fingerprint of everything its results depend on) for the output
     * {@code out}; with {@code resume}, what an earlier run of the same job saved is loaded (messages go to {@code log}).
     */
    public CheckpointFile(Path out, String job, boolean resume, PrintWriter log) {
        this.file = pathFor(out);
        this.job = job;
        if (resume && Files.isRegularFile(file)) load(log);
    }

    private void load(PrintWriter log) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            String savedJob = f.metadata().get("job");
            if (!job.equals(savedJob)) {
                log.println("circuitlens: " + file + " is from another job (other options, model or data); starting afresh");
                return;
            }
            List<String> units = JSON.readerForListOf(String.class).readValue(f.metadata().getOrDefault("done", "[]"));
            done.addAll(units);
            for (String name : f.names()) restored.put(name, f.readFloatTensor(name));
            log.println("circuitlens: resuming from " + file + " (" + done.size() + " units already done)");
        } catch (CircuitLensException | IOException e) {
            log.println("circuitlens: cannot read the checkpoint " + file + " (" + e.getMessage() + "); starting afresh");
            done.clear();
            restored.clear();
        }
        log.flush();
    }

    /** {@code OUT.partial}. */
    /** Where the checkpoint of a run writing {@code out} lives: {@code out.partial}. */
    public static Path pathFor(Path out) {
        return out.resolveSibling(out.getFileName() + ".partial");
    }

    public Path path() {
        return file;
    }

    @Override
    public Map<String, FloatTensor> restored() {
        return restored;
    }

    @Override
    public boolean isDone(String unit) {
        return done.contains(unit);
    }

    @Override
    public void done(String unit, Map<String, FloatTensor> state) {
        done.add(unit);
        try {
            SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of("job", job, "done", JSON.writeValueAsString(done)));
            for (var e : state.entrySet()) w.add(e.getKey(), e.getValue());
            w.write(file);
        } catch (IOException e) {
            throw new CircuitLensException("cannot write the checkpoint " + file + ": " + e.getMessage());
        }
    }

    /** The run finished and its output is written: the checkpoint has served its purpose. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale checkpoint is harmless: its job fingerprint matches only this exact run
        }
    }
}
