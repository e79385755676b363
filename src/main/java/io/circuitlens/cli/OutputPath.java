package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks where a command will write before it does any work, so that a typo or an unwritable folder costs nothing
 * instead of a whole run: a file target must not be a folder (or a device, pipe or socket: the atomic writer would
 * replace it), a folder target must not be a file, and the folder that will hold it must be one we can create files
 * in. A missing parent folder is created and said so on stderr. Errors name the path as the user typed it.
 */
final class OutputPath {
    private OutputPath() {}

    /** A result file ({@code --out F}); null means the option was not given. */
    static void file(String option, Path out, PrintWriter err) {
        if (out == null) return;
        if (Files.isDirectory(out)) throw error(option, out, "is a folder; give a file name");
        if (Files.exists(out) && !Files.isRegularFile(out)) throw error(option, out, "exists and is not a regular file");
        writableFolder(option, out, parent(out), err);
    }

    /** A result folder ({@code --out DIR}): created by the command itself, so only its parent must exist. */
    static void folder(String option, Path dir, PrintWriter err) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw error(option, dir, "is a file, not a folder");
        writableFolder(option, dir, Files.isDirectory(dir) ? dir : parent(dir), err);
    }

    /** The folder the target goes in: a bare file name goes in the working folder. */
    private static Path parent(Path p) {
        Path parent = p.getParent();
        return parent != null ? parent : p.toAbsolutePath().getParent();
    }

    private static void writableFolder(String option, Path out, Path folder, PrintWriter err) {
        if (!Files.isDirectory(folder)) create(option, out, folder, err);
        // permissions alone do not tell (root, read-only mounts, ACLs): create a file the way the writer will
        Path probe = null;
        try {
            probe = Files.createTempFile(folder, ".circuitlens-", ".probe");
        } catch (IOException e) {
            throw error(option, out, "cannot create files in " + folder + " (" + AtomicFiles.reason(e) + ")");
        } finally {
            if (probe != null) deleteQuietly(probe);
        }
    }

    private static void create(String option, Path out, Path folder, PrintWriter err) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) break;
            if (Files.exists(p)) throw error(option, out, p + " is a file, not a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw error(option, out, "cannot create the folder " + folder + " (" + AtomicFiles.reason(e) + ")");
        }
        err.println("circuitlens: created the folder " + folder + " for " + option + " " + out);
        err.flush();
    }

    private static CircuitLensException error(String option, Path out, String what) {
        return new CircuitLensException(option + " " + out + ": " + what);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // an empty hidden probe file left behind is harmless; the check itself succeeded
        }
    }
}
