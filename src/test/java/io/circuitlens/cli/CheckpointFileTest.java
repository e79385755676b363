package io.circuitlens.cli;

import io.circuitlens.circuit.CheckpointFile;

import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointFileTest {
    @TempDir
    Path tmp;

    @Test
    void resumesTheSameJobOnly() {
        Path out = tmp.resolve("scores.safetensors");
        StringWriter log = new StringWriter();
        CheckpointFile a = new CheckpointFile(out, "{\"job\":1}", true, new PrintWriter(log));
        a.done("ap/heads/0", Map.of("heads", new FloatTensor(new int[] {1, 2}, new float[] {0.5f, -1f})));
        assertTrue(Files.isRegularFile(tmp.resolve("scores.safetensors.partial")));

        CheckpointFile same = new CheckpointFile(out, "{\"job\":1}", true, new PrintWriter(log));
        assertTrue(same.isDone("ap/heads/0"));
        assertArrayEquals(new float[] {0.5f, -1f}, same.restored().get("heads").data());
        assertTrue(log.toString().contains("resuming"), log.toString());

        CheckpointFile other = new CheckpointFile(out, "{\"job\":2}", true, new PrintWriter(log));
        assertFalse(other.isDone("ap/heads/0"));
        assertTrue(other.restored().isEmpty());
        assertTrue(log.toString().contains("another job"));

        CheckpointFile ignored = new CheckpointFile(out, "{\"job\":1}", false, new PrintWriter(log));
        assertFalse(ignored.isDone("ap/heads/0"));

        same.delete();
        assertFalse(Files.exists(tmp.resolve("scores.safetensors.partial")));
    }
}
