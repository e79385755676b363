package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.PatchSegments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PatchSegments} on the device: dstOffset, srcOffset (int64), length (int32) and alpha (float), 24 bytes a
 * segment in one upload, and the int64 element prefix (elemStart) the patch kernels search, built on the device by
 * segmentStarts.
 *
 * <p>The CPU applies segments one after another, the GPU all at once, which differs only where two segments write
 * the same element. Such segments are split into runs, in order, that never write an element twice; each run is
 * one launch (and has its own prefix), so the result is the CPU's. Plans from the engine have one run.
 */
final class DeviceSegments extends DeviceTables<PatchSegments> {
    final int count;
    /** Runs of segments [runStart[j], runStart[j + 1]) with no element written twice. */
    final int[] runStart;
    /** Elements of each run (what its launch covers). */
    final long[] runElements;
    /** One past the last element any segment writes, resp. reads. */
    final long dstEnd, srcEnd;

    private DeviceSegments(PatchSegments s, DevicePool pool, int[] runStart) {
        super(s, pool, 32L * s.count() + 8L * (runStart.length - 1));
        this.count = s.count();
        this.runStart = runStart;
        long d = 0;
        long r = 0;
        for (int g = 0; g < count; g++) {
            if (s.length()[g] < 0) throw new IllegalArgumentException("patch segment " + g + " has length " + s.length()[g]);
            if (s.length()[g] == 0) continue;
            if (s.dstOffset()[g] < 0 || s.srcOffset()[g] < 0) throw new IllegalArgumentException("patch segment " + g + " has a negative offset");
            d = Math.max(d, s.dstOffset()[g] + s.length()[g]);
            r = Math.max(r, s.srcOffset()[g] + s.length()[g]);
        }
        this.dstEnd = d;
        this.srcEnd = r;
        this.runElements = new long[runStart.length - 1];
        for (int j = 0; j < runElements.length; j++) {
            for (int g = runStart[j]; g < runStart[j + 1]; g++) runElements[j] += s.length()[g];
        }
    }

    static DeviceSegments of(PatchSegments s, DevicePool pool) {
        return new DeviceSegments(s, pool, runs(s));
    }

    /** The tables to upload: dstOffset, srcOffset, length, alpha. */
    byte[] table() {
        PatchSegments s = host();
        return new HostTable(24L * count).longs(s.dstOffset()).longs(s.srcOffset()).ints(s.length()).floats(s.alpha()).bytes();
    }

    long dstOffset(int first) {
        return at(8L * first);
    }

    long srcOffset(int first) {
        return at(8L * count + 8L * first);
    }

    long length(int first) {
        return at(16L * count + 4L * first);
    }

    long alpha(int first) {
        return at(20L * count + 4L * first);
    }

    /** int64 [run length + 1]: the element prefix of run j. */
    long elemStart(int run) {
        return at(24L * count + 8L * (runStart[run] + run));
    }

    int runs() {
        return runStart.length - 1;
    }

    /** Greedy split into runs in segment order: a segment that writes an element the current run writes starts a new run. */
    static int[] runs(PatchSegments s) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        TreeMap<Long, Long> written = new TreeMap<>(); // start → end of the current run's writes
        for (int g = 0; g < s.count(); g++) {
            long a = s.dstOffset()[g];
            long b = a + s.length()[g];
            if (b <= a) continue;
            if (overlaps(written, a, b)) {
                starts.add(g);
                written.clear();
            }
            written.put(a, b);
        }
        starts.add(s.count());
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Whether a segment reads an element that another segment writes: what patching a buffer from itself must not do
     * on the GPU, where segments run at once (a segment may read exactly the elements it writes).
     */
    boolean readsOtherWrites() {
        PatchSegments s = host();
        // start → {end, segment} of every write; segments of different runs may write the same start
        TreeMap<Long, List<long[]>> writes = new TreeMap<>();
        for (int g = 0; g < count; g++) {
            if (s.length()[g] > 0) {
                writes.computeIfAbsent(s.dstOffset()[g], k -> new ArrayList<>()).add(new long[] {s.dstOffset()[g] + s.length()[g], g});
            }
        }
        for (int g = 0; g < count; g++) {
            long a = s.srcOffset()[g];
            long b = a + s.length()[g];
            if (b <= a) continue;
            for (List<long[]> ws : writes.headMap(b, false).values()) {
                for (long[] w : ws) {
                    if (w[0] > a && w[1] != g) return true;
                }
            }
        }
        return false;
    }

    /** Whether [a, b) meets one of the disjoint intervals start → end of the map. */
    static boolean overlaps(TreeMap<Long, Long> intervals, long a, long b) {
        Map.Entry<Long, Long> below = intervals.floorEntry(a);
        if (below != null && below.getValue() > a) return true;
        Long next = intervals.higherKey(a);
        return next != null && next < b;
    }
}
