package io.circuitlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesText() throws IOException {
        Path f = dir.resolve("out.json");
        AtomicFiles.writeString(f, "{\"a\": 1}");
        assertEquals("{\"a\": 1}", Files.readString(f));
        AtomicFiles.writeString(f, "{\"ä\": 2}\n");
        assertEquals("{\"ä\": 2}\n", Files.readString(f));
        assertEquals(List.of(f), listDir());
    }

    @Test
    void relativeTargetWorks() throws IOException {
        Path f = Path.of("target", "atomic-files-test-" + System.nanoTime() + ".txt");
        try {
            AtomicFiles.writeString(f, "x");
            assertEquals("x", Files.readString(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void tempFileHasNormalPermissions() throws IOException {
        Path f = dir.resolve("perm.json");
        AtomicFiles.writeString(f, "{}");
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
        assertTrue(p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ),
                "createTempFile would give 0600; expected umask-based permissions, got " + p);
    }

    @Test
    void failingContentLeavesTargetAndNoTemp() throws IOException {
        Path f = dir.resolve("keep.txt");
        Files.writeString(f, "old");
        var e = assertThrows(CircuitLensException.class, () -> AtomicFiles.write(f, ch -> {
            ch.write(java.nio.ByteBuffer.wrap(new byte[100]));
            throw new IOException("boom");
        }));
        assertEquals("cannot write " + f + ": boom", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(f), listDir());
    }

    @Test
    void targetThatIsAFolderFailsCleanly() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("inside"), "x");
        var e = assertThrows(CircuitLensException.class, () -> AtomicFiles.writeString(sub, "data"));
        assertEquals("cannot write " + sub + ": it is a folder", e.getMessage());
        assertEquals(List.of(sub), listDir());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        var e2 = assertThrows(CircuitLensException.class, () -> AtomicFiles.writeString(empty, "data"));
        assertEquals("cannot write " + empty + ": it is a folder", e2.getMessage());
    }

    @Test
    void failuresNameTheTargetNotTheHiddenTempFile() {
        // a folder nobody may create files in, even root: /sys is a read-only kernel file system on Linux
        Path sys = Path.of("/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys), "no /sys here (not Linux): nothing read-only to write into");
        Path target = sys.resolve("circuitlens-test.json");
        var e = assertThrows(CircuitLensException.class, () -> AtomicFiles.writeString(target, "data"));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), "the temp file is ours, not the user's: " + e.getMessage());
    }

    @Test
    void parentThatIsAFileFailsCleanly() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        var e = assertThrows(CircuitLensException.class, () -> AtomicFiles.writeString(file.resolve("child.json"), "data"));
        assertTrue(e.getMessage().startsWith("cannot write " + file.resolve("child.json") + ": "), e.getMessage());
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
