package io.circuitlens;

import io.circuitlens.circuit.ResultFile;
import io.circuitlens.circuit.RunRecord;

import java.nio.file.Path;

/**
 * A finished study: its typed result ({@code value}: a curve, a pruning, a faithfulness curve, a table...) and the
 * result file it makes (tensors and run record), which {@link #write} puts on disk.
 */
public record Study<T>(T value, ResultFile file, double seconds) {
    public RunRecord record() {
        return file.record();
    }

    /** Writes the result file atomically. */
    public void write(Path out) {
        file.write(out);
    }
}
