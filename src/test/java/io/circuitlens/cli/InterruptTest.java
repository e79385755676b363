package io.circuitlens.cli;

import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Ctrl-C in a real process: a SIGINT during an attribute run, then the rerun the message promises. */
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigintDuringAttributeSaysHowToResumeAndTheRerunDoesResume() throws Exception {
        Assumptions.assumeTrue(sigintReachesChildren(), "SIGINT is ignored in this process (started in the background without job "
                + "control), and so in the processes it starts: a Ctrl-C cannot be simulated here");
        Path model = tmp.resolve("m");
        // three layers of 32 neurons × 16 prompts: three checkpointed units of 512 rows (about a second each here), so
        // after the first checkpoint there are two more units' time to send the signal in
        TinyModels.write(new TinyModelSpec(3, 2, 32, 32, 128, "byte", 0, DType.F32, false), model, null);
        Path out = tmp.resolve("ap.safetensors");
        Path partial = tmp.resolve("ap.safetensors.partial");
        List<String> args = List.of("attribute", "--model", model.toString(), "--data", Path.of("datasets/ioi-mini-bytes.csv").toAbsolutePath().toString(),
                "--method", "ap", "--components", "neurons", "--memory", "1", "--threads", "1", "--out", out.toString());
        CliProcess p;
        try {
            p = CliProcess.start(tmp.resolve("logs"), Main.class, args);
        } catch (IOException e) {
            Assumptions.abort("cannot start java: " + e.getMessage());
            return;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(partial) && p.process.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(p.process.isAlive(), "the run ended before its first checkpoint could be interrupted: " + p.err());
            assertTrue(Files.exists(partial), "no checkpoint after 3 minutes: " + p.err());
            int kill = new ProcessBuilder("kill", "-INT", Long.toString(p.process.pid())).inheritIO().start().waitFor();
            assertEquals(0, kill, "kill -INT failed");
            assertTrue(p.process.waitFor(60, TimeUnit.SECONDS), "still running a minute after SIGINT: " + p.err());
        } finally {
            p.process.destroyForcibly();
        }
        assertEquals(130, p.process.exitValue(), "the exit status of a SIGINT");
        List<String> err = CliProcess.programLines(p.err());
        assertEquals("circuitlens: interrupted; rerun the same command to resume from " + partial, err.getLast(), p.err());
        assertFalse(p.err().contains("\r"), "stderr is a file here: plain progress lines, no terminal frames");
        assertTrue(Files.exists(partial), "the checkpoint the message names is there");
        assertFalse(Files.exists(out));

        CliTest.Result rerun = CliTest.cli(args.toArray(String[]::new));
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.err().contains("circuitlens: resuming from " + partial), rerun.err());
        assertTrue(Files.isRegularFile(out));
        assertFalse(Files.exists(partial), "a finished run deletes its checkpoint");
    }

    /** Whether SIGINT is handled here: a process started with it ignored passes that on to what it starts. */
    private static boolean sigintReachesChildren() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return false; // not Linux: no kill -INT to send either
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) == 0; // bit 1: SIGINT (2)
        }
        return false;
    }
}
