package io.circuitlens.kernels.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Released device memory kept for reuse, by size class. An engine run repeats passes of a few shapes (patching
 * sweeps, IG steps, chunks of rows), so after the first passes every allocation is served from here: device memory
 * stays flat over long runs and cuMemAlloc / cuMemFree (which synchronise the device) leave the hot loop. Sizes are
 * rounded up to classes 1/8 of a power of two apart (at most 12.5% unused), so passes of slightly different row
 * counts share blocks. What the pool holds is bounded; past the bound a released block is freed.
 */
final class DevicePool {
    private static final long SMALL = 4096;

    private final CudaDriver driver;
    private final long maxHeld;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    /** Blocks given out and not returned (address → size class): freed when the backend closes. */
    private final Map<Long, Long> out = new HashMap<>();
    private long held;

    DevicePool(CudaDriver driver, long maxHeld) {
        this.driver = driver;
        this.maxHeld = maxHeld;
    }

    /** The size class of a request: a multiple of 256 bytes up to 4 KiB, then of 1/8 of its power of two. */
    static long sizeClass(long bytes) {
        long step = bytes <= SMALL ? 256 : Long.highestOneBit(bytes - 1) >> 3;
        return (bytes + step - 1) / step * step;
    }

    /**
     * The address of a block of {@code sizeClass(bytes)} bytes, not initialised. When the device is out of memory,
     * the pool's blocks are freed and the allocation tried once more.
     */
    synchronized long take(long bytes) {
        long size = sizeClass(bytes);
        ArrayDeque<Long> q = free.get(size);
        long address;
        if (q != null && !q.isEmpty()) {
            held -= size;
            address = q.pop();
        } else {
            try {
                address = driver.allocate(size);
            } catch (DeviceOutOfMemoryException e) {
                if (held == 0) throw e;
                clear();
                address = driver.allocate(size);
            }
        }
        out.put(address, size);
        return address;
    }

    /** Returns a block that {@link #take} gave for {@code bytes}. */
    synchronized void give(long address, long bytes) {
        long size = sizeClass(bytes);
        if (out.remove(address) == null) throw new IllegalStateException("device block " + Long.toHexString(address) + " returned twice");
        if (held + size > maxHeld) {
            driver.free(address);
            return;
        }
        free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(address);
        held += size;
    }

    /** Bytes held for reuse (free for the engine, though the driver counts them as used). */
    synchronized long held() {
        return held;
    }

    /** Frees every held block. */
    synchronized void clear() {
        for (ArrayDeque<Long> q : free.values()) {
            for (long a : q) driver.free(a);
        }
        free.clear();
        held = 0;
    }

    /** Frees everything: held blocks and those still given out (buffers the caller never released). */
    synchronized void close() {
        clear();
        for (long a : out.keySet()) driver.free(a);
        out.clear();
    }
}
