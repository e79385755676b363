package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.PatchSegments;
import io.circuitlens.kernels.RowMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host-side bookkeeping of the CUDA backend, without a device: patch runs, what a derived window uploads, memory
 * size classes and the pool.
 */
class DeviceTablesTest {
    static PatchSegments segments(long[] dst, int[] len) {
        return new PatchSegments(dst, new long[dst.length], len, new float[dst.length]);
    }

    @Test
    void segmentsThatWriteAnElementTwiceAreSplitIntoRunsInOrder() {
        // [0,10) [20,30) | [5,8) [30,31) | [30,31): a new run starts at each segment that meets the current run's
        // writes ([30,31) meets none of run 1, which is applied before it anyway)
        assertArrayEquals(new int[] {0, 2, 4, 5}, DeviceSegments.runs(segments(new long[] {0, 20, 5, 30, 30}, new int[] {10, 10, 3, 1, 1})));
        // disjoint (touching) segments and empty ones stay one run
        assertArrayEquals(new int[] {0, 4}, DeviceSegments.runs(segments(new long[] {10, 0, 20, 5}, new int[] {10, 10, 5, 0})));
        assertArrayEquals(new int[] {0, 0}, DeviceSegments.runs(segments(new long[0], new int[0])));
    }

    @Test
    void aDerivedWindowUploadsItsFirstPositionPerCachedPromptOrElsePerRow() {
        RowMap map = RowMap.listed(new int[] {3, 0, 3, 1});
        BatchLayout byPrompt = BatchLayout.windows(new int[] {2, 1, 2, 0}, new int[] {5, 4, 5, 2}, 1);
        WindowStarts w = WindowStarts.of(byPrompt, map, 5);
        assertEquals(false, w.byRow());
        assertArrayEquals(new int[] {1, 0, 0, 2, 0}, w.table(), "prompt 3's rows from position 2, prompts 2 and 4 unused: 0");
        BatchLayout uneven = BatchLayout.windows(new int[] {2, 1, 3, 0}, new int[] {5, 4, 5, 2}, 1);
        WindowStarts u = WindowStarts.of(uneven, map, 5);
        assertEquals(true, u.byRow());
        assertArrayEquals(new int[] {2, 1, 3, 0}, u.table(), "prompt 3's rows from positions 2 and 3: one per row");
    }

    @Test
    void sizeClassesAreCoarseButNeverSmaller() {
        assertEquals(256, DevicePool.sizeClass(1));
        assertEquals(4096, DevicePool.sizeClass(4096));
        assertEquals(4608, DevicePool.sizeClass(4097)); // 4096 + 4096/8
        for (long b = 1; b < 1L << 40; b = b * 3 + 1) {
            long c = DevicePool.sizeClass(b);
            assertTrue(c >= b && (b <= 4096 ? c - b < 256 : c - b <= b / 8 + 1), b + " → " + c);
        }
    }

    /** A driver that only hands out addresses, to watch what the pool allocates and frees. */
    static final class AddressDriver implements CudaDriver {
        final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();
        final List<Long> freed = new ArrayList<>();
        long next = 1 << 20;
        long failAbove = Long.MAX_VALUE;
        long live;

        @Override
        public long allocate(long bytes) {
            if (live + bytes > failAbove) throw new DeviceOutOfMemoryException("out of memory");
            live += bytes;
            sizes.put(next, bytes);
            next += bytes;
            return next - bytes;
        }

        @Override
        public void free(long address) {
            live -= sizes.remove(address);
            freed.add(address);
        }

        @Override
        public KernelFunction function(String family, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void upload(long dst, float[] src, int srcIndex, int count) {}

        @Override
        public void upload(long dst, byte[] src) {}

        @Override
        public void download(long src, float[] dst, int dstIndex, int count) {}

        @Override
        public void copy(long dst, long src, long bytes) {}

        @Override
        public void launch(KernelFunction function, Dim3 grid, Dim3 block, KernelArgs args) {}

        @Override
        public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb, float beta,
                          long c, int ldc) {}

        @Override
        public MemoryInfo memoryInfo() {
            return new MemoryInfo(0, 0);
        }

        @Override
        public String describe() {
            return "addresses";
        }

        @Override
        public void close() {}
    }

    @Test
    void thePoolReusesBlocksOfASizeClassAndFreesPastItsBound() {
        AddressDriver d = new AddressDriver();
        DevicePool pool = new DevicePool(d, 9000);
        long a = pool.take(1000);
        pool.give(a, 1000);
        assertEquals(a, pool.take(1010), "same size class: the released block again");
        long b = pool.take(8000);
        pool.give(a, 1010);
        pool.give(b, 8000); // would hold 1024 + 8192 > 9000: freed instead
        assertEquals(List.of(b), d.freed);
        assertEquals(1024, pool.held());
        pool.clear();
        assertEquals(List.of(b, a), d.freed);
    }

    @Test
    void outOfMemoryFreesThePoolAndRetriesOnce() {
        AddressDriver d = new AddressDriver();
        DevicePool pool = new DevicePool(d, 1 << 20);
        long a = pool.take(4096);
        pool.give(a, 4096);
        d.failAbove = 6000; // 4096 held + 2048 more does not fit
        long c = pool.take(2000);
        assertEquals(List.of(a), d.freed, "the held block was freed to make room");
        assertEquals(0, pool.held());
        pool.give(c, 2000);
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> pool.take(100_000));
        assertEquals("out of memory", e.getMessage());
        assertEquals(List.of(a, c), d.freed, "freed what it held before giving up");
    }

    @Test
    void closingFreesBlocksNeverReturnedAndABlockReturnsOnce() {
        AddressDriver d = new AddressDriver();
        DevicePool pool = new DevicePool(d, 1 << 20);
        long a = pool.take(100);
        long b = pool.take(5000);
        pool.give(a, 100);
        assertThrows(IllegalStateException.class, () -> pool.give(a, 100));
        pool.close();
        assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf(d.freed));
        assertEquals(0, d.live);
    }
}
