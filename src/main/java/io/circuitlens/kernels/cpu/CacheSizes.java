package io.circuitlens.kernels.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-core data cache sizes in bytes, read once from Linux's sysfs (cpu0's cache descriptions); where they cannot be
 * read, the sizes of the machine the GEMM was first tuned on (32 KB L1d, 512 KB L2).
 */
record CacheSizes(long l1d, long l2, boolean measured) {
    static final CacheSizes FALLBACK = new CacheSizes(32 << 10, 512 << 10, false);

    static CacheSizes read() {
        return read(Path.of("/sys/devices/system/cpu/cpu0/cache"));
    }

    static CacheSizes read(Path dir) {
        long l1d = 0;
        long l2 = 0;
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) break;
            try {
                int level = Integer.parseInt(Files.readString(index.resolve("level")).strip());
                String type = Files.readString(index.resolve("type")).strip();
                long size = parseSize(Files.readString(index.resolve("size")).strip());
                if (level == 1 && type.equals("Data")) l1d = size;
                if (level == 2 && !type.equals("Instruction")) l2 = size;
            } catch (IOException | RuntimeException e) {
                return FALLBACK; // an unreadable or unexpected description: the tuned defaults
            }
        }
        return l1d > 0 && l2 > 0 ? new CacheSizes(l1d, l2, true) : FALLBACK;
    }

    /** "48K", "2048K", "2M" or a plain byte count. */
    static long parseSize(String s) {
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        long scale = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) * scale;
    }
}
