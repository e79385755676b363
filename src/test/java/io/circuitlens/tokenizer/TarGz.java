package io.circuitlens.tokenizer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Test helper: extracts the regular files of a {@code .tgz} (as written by {@code npm pack}). Handles the plain
 * ustar layout only: 512-byte headers, octal sizes, the name prefix field; other entry types are skipped.
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {}

    static void extract(Path archive, Path target) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            byte[] header = new byte[BLOCK];
            while (readBlock(in, header) && !isZero(header)) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
                String sizeField = field(header, 124, 12).trim();
                long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
                char type = (char) header[156];
                byte[] content = in.readNBytes(Math.toIntExact(size));
                if (content.length != size) throw new IOException("truncated tar entry " + name);
                in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
                if (type == '0' || type == '\0') {
                    Path file = target.resolve(name).normalize();
                    if (!file.startsWith(target)) throw new IOException("tar entry escapes the target folder: " + name);
                    Files.createDirectories(file.getParent());
                    Files.write(file, content);
                }
            }
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        return in.readNBytes(block, 0, BLOCK) == BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    /** A NUL-terminated ASCII/UTF-8 header field. */
    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) end++;
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
