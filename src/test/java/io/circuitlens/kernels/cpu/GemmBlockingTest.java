package io.circuitlens.kernels.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The GEMM's cache blocking, chosen from the caches sysfs describes. */
class GemmBlockingTest {
    @TempDir
    Path tmp;

    private void cache(int index, int level, String type, String size) throws IOException {
        Path d = tmp.resolve("index" + index);
        Files.createDirectories(d);
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }

    @Test
    void readsTheDataCachesOfCpu0() throws IOException {
        cache(0, 1, "Data", "48K");
        cache(1, 1, "Instruction", "32K");
        cache(2, 2, "Unified", "2048K");
        cache(3, 3, "Unified", "307200K");
        assertEquals(new CacheSizes(48 << 10, 2 << 20, true), CacheSizes.read(tmp));
    }

    @Test
    void fallsBackToTheTunedMachineWhenSysfsSaysNothing() throws IOException {
        assertEquals(CacheSizes.FALLBACK, CacheSizes.read(tmp.resolve("missing")));
        cache(0, 1, "Data", "lots");
        assertEquals(CacheSizes.FALLBACK, CacheSizes.read(tmp));
    }

    @Test
    void theTunedMachineGetsItsMeasuredBlockingAndLargerCachesLargerABlocks() {
        GemmBlocking zen3 = GemmBlocking.forCaches(new CacheSizes(32 << 10, 512 << 10, true));
        assertEquals(new GemmBlocking(768, 120, 512), zen3, "the blocking measured best on Zen 3");
        GemmBlocking xeon = GemmBlocking.forCaches(new CacheSizes(48 << 10, 2 << 20, true));
        assertEquals(480, xeon.mc(), "70% of a 2 MB L2 holds 477 rows of 768 floats, rounded up to whole tiles");
        assertEquals(0, xeon.mc() % GemmKernel.MR);
    }
}
