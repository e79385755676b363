package io.circuitlens.io;

import io.circuitlens.common.CircuitLensException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers only ever see the old content or the complete new content: data goes to a hidden
 * temp file in the target's folder (same file system, so the rename is atomic), is forced to disk, then renamed over
 * the target. On any failure the temp file is removed and an existing target is left as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the whole content of a file through the given channel (positioned at 0). */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Atomically replaces {@code target} with {@code text} encoded as UTF-8. */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
        });
    }

    /**
     * Atomically replaces {@code target} with what {@code content} writes. Missing parent folders are created.
     * I/O errors become a {@link CircuitLensException} naming the target as given (never the hidden temp file, which
     * the user did not ask for and which is gone by then); other exceptions from {@code content} propagate unchanged
     * (after the temp file is removed).
     */
    public static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath();
        // the rename would fail too, but only after the whole content is written, and with a message about the temp file
        if (Files.isDirectory(abs)) throw new CircuitLensException("cannot write " + target + ": it is a folder");
        Path tmp = null;
        boolean moved = false;
        try {
            Files.createDirectories(abs.getParent());
            tmp = tempSibling(abs, "tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            moveIntoPlace(tmp, abs);
            moved = true;
        } catch (IOException e) {
            throw new CircuitLensException("cannot write " + target + ": " + describe(e, tmp), e);
        } finally {
            if (!moved && tmp != null) deleteQuietly(tmp);
        }
    }

    /**
     * A fresh hidden name next to {@code target}, e.g. {@code .out.safetensors.4f2a9c.tmp}. Created by the caller
     * with CREATE_NEW so the file gets normal permissions (umask), unlike {@code Files.createTempFile}'s 0600.
     */
    static Path tempSibling(Path target, String suffix) {
        String base = target.getFileName().toString();
        if (base.length() > 120) base = base.substring(0, 120); // stay well under the 255-byte name limit
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        return target.resolveSibling("." + base + "." + random + "." + suffix);
    }

    /** Renames {@code source} over {@code target}, atomically where the file system supports it. */
    static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(target.getParent());
    }

    /** Persists the rename itself; not every platform can open a folder, so this is best effort. */
    private static void syncFolder(Path dir) {
        if (dir == null) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // The data itself is already on disk; only the rename's durability is best effort.
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Nothing better to do: the original error is what the user needs to see.
        }
    }

    /** A short reason for an I/O error, without Java class names, followed by the file it concerns. */
    static String describe(IOException e) {
        return describe(e, null);
    }

    /** As {@link #describe(IOException)}, leaving out the file when it is {@code hidden} (our own temp file). */
    private static String describe(IOException e, Path hidden) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        if (file == null || hidden != null && Path.of(file).equals(hidden)) return reason(e);
        return reason(e) + " (" + file + ")";
    }

    /** A short reason for an I/O error, without Java class names or the file (the caller names the user's path). */
    public static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException) return "a file is in the way";
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) return f.getReason();
            // some file systems give no reason: the message is then just the file names
            return "file system error";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
