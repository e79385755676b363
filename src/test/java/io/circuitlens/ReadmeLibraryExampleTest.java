package io.circuitlens;

import io.circuitlens.cli.Main;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.tasks.RealGpt2Vocab;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's library example, exactly as printed there: extracted from README.md, compiled with javac and run in its
 * own JVM. "gpt2" resolves through the Hugging Face cache, which the test points at a temporary one holding a tiny
 * model with GPT-2's vocabulary (the ioi task needs its single-token names) under that name. Skips, like the other
 * GPT-2-vocabulary tests, when npm cannot fetch the vocabulary.
 */
class ReadmeLibraryExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theReadmeExampleCompilesAndRuns() throws Exception {
        Path vocab = RealGpt2Vocab.folder();
        String readme = Files.readString(Path.of("README.md"));
        String block = readme.substring(readme.indexOf("<!-- library-example:start -->"), readme.indexOf("<!-- library-example:end -->"));
        String source = block.substring(block.indexOf("```java\n") + 8, block.lastIndexOf("```"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("IoiHeads.java"), source);

        StringWriter javacOut = new StringWriter();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(), "-cp",
                System.getProperty("java.class.path"), src.resolve("IoiHeads.java").toString());
        assertEquals(0, rc, "the README example does not compile");

        // a tiny GPT-2-vocabulary model as the cache's "gpt2" (the manual snapshot layout the README describes)
        Path cache = tmp.resolve("hub");
        Path snapshot = cache.resolve("models--gpt2").resolve("snapshots").resolve("manual");
        StringWriter err = new StringWriter();
        int made = Main.run(new String[] {"make-tiny", "--out", snapshot.toString(), "--vocab", "gpt2", "--vocab-from", vocab.toString(),
                "--layers", "2", "--heads", "4", "--d-model", "32", "--n-ctx", "96", "--seed", "5"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, made, err.toString());
        Files.writeString(Files.createDirectories(cache.resolve("models--gpt2").resolve("refs")).resolve("main"), "manual");

        Path work = Files.createDirectories(tmp.resolve("work"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                "-cp", System.getProperty("java.class.path") + java.io.File.pathSeparator + src, "IoiHeads"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("HF_HUB_CACHE", cache.toString());
        pb.environment().put("CIRCUITLENS_DATASETS", Path.of("datasets").toAbsolutePath().toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("strongest head "), output);

        try (SafetensorsFile f = SafetensorsFile.open(work.resolve("ioi-ig-heads.safetensors"))) {
            FloatTensor heads = f.readFloatTensor("heads");
            assertArrayEquals(new int[] {16, 2, 4}, heads.shape());
            assertTrue(f.metadata().get("run").contains("\"method\":\"ig\""), f.metadata().get("run"));
            assertTrue(f.contains("completeness_gap_heads"));
        }
    }
}
