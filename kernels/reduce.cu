// Per-component sums on the device (Kernels.groupedDot; GroupedDot.java is the reference): for batch row i and unit
// u, out[i, u] = Σ over the unit's elements e of a[e]·(to[e'] − from[e']), e' being the same element of the cached
// prompt row i copies. This turns a gradient and a patch's delta into attribution scores (and, with to/from null, a
// hook's column or row sums) without anything but the [rows, units] result leaving the device.
//
// Units (UnitGrouping.java): a row-shaped hook is [positions, cols] with each position's cols split into `groups`
// equal parts (heads, neurons, or the whole row); an attention hook is [heads, query, key] with heads as groups and
// queries as positions. Units are one per group (summed over positions) or one per group and position
// (perPosition; slot group·positions + position, slots past the prompt's end are 0). Row i of a may be a window
// (the gradient of a pass that recomputed positions aFirst[i] on): its j-th row is position aFirst[i] + j, and
// per-position slots count positions, not rows, so slots before the window stay 0 too.
//
// One thread per (row, group, slot) with slot over positions when perPosition, else one: it sums each position's
// part in double, element by element in column (key) order, and adds the parts in position order: the CPU's
// operations in the CPU's order, so the scores are the CPU backend's bit for bit, and a row's scores never depend on
// the rest of the batch. No atomics. The price is parallelism: a thread may sum a whole prompt's elements of its
// unit, which is fine for the many-row passes attribution runs and slow only for a few rows of very long prompts.
#include "common.cuh"

// a·(to − from) for one element as GroupedDot.product: a alone without to, a·to without from, and 0 where to and
// from are equal (two masked −∞ scores), the difference taken in float as on the CPU. Explicitly rounded operations
// here and in the sums below: nvcc would otherwise fuse part + a·b into one multiply-add, which Java never does.
static __device__ __forceinline__ double product(float a, const float* __restrict__ to, const float* __restrict__ from,
                                                 long long j) {
    if (!to) return a;
    if (!from) return __dmul_rn(a, to[j]);
    float x = to[j];
    float y = from[j];
    return x == y ? 0.0 : __dmul_rn(a, __fsub_rn(x, y));
}

// groupedDot(int attention, int cols, int groups, int perPosition, int positions,
//            const float* a, int64 aOffset, int aLd, const int* aLen, const int* aFirst, const int* aRowStart,
//            const int64* aAttnStart, const float* to, const float* from, int64 bOffset, int bLd, const int* bFirst,
//            const int* bRowStart, const int64* bAttnStart, const int* prompt, int rows, float* out):
// out[i·units + u] for i < rows and every unit u (units = groups·(perPosition ? positions : 1)), overwritten. Row i
// of a (its own batch layout aLen / aFirst / aRowStart / aAttnStart; row-shaped hooks are (aOffset, aLd) views)
// holds positions aFirst[i] .. end − 1 (end = aFirst[i] + aLen[i]) and is compared with the same positions of prompt
// prompt[i] of to / from (layout bFirst / bRowStart / bAttnStart, views (bOffset, bLd)): position t is row
// bRowStart[p] + t − bFirst[p] there. With to null, from, the b tables and prompt are not read and may be null; with
// from null the factor is to alone. Row-shaped hooks: cols is the width of a position's row (a multiple of groups).
// The launcher checks that row i and its prompt end at the same position, that the prompt's rows start no later
// than the row's (bFirst[p] ≤ aFirst[i]), that end ≤ positions when perPosition, and that attention rows are whole
// prompts (aFirst[i] = 0, hence bFirst[p] = 0).
// Launch: 1-D blocks of 256 threads, 1-D grid of any size (grid-stride over rows·units); suggested
// grid.x = min(ceil(rows·units / 256), 65536). No shared memory.
extern "C" __global__ void groupedDot(int attention, int cols, int groups, int perPosition, int positions,
                                      const float* __restrict__ a, long long aOffset, int aLd,
                                      const int* __restrict__ aLen, const int* __restrict__ aFirst,
                                      const int* __restrict__ aRowStart, const long long* __restrict__ aAttnStart,
                                      const float* __restrict__ to, const float* __restrict__ from, long long bOffset,
                                      int bLd, const int* __restrict__ bFirst, const int* __restrict__ bRowStart,
                                      const long long* __restrict__ bAttnStart, const int* __restrict__ prompt, int rows,
                                      float* __restrict__ out) {
    int slots = perPosition ? positions : 1;
    long long units = (long long) groups * slots;
    long long total = rows * units;
    for (long long e = grid_first(); e < total; e += grid_stride()) {
        int i = (int) (e / units);
        long long u = e - i * units;
        int c = (int) (u / slots);
        int slot = (int) (u - (long long) c * slots);
        int len = aLen[i];
        int off = aFirst[i]; // 0 for attention rows
        int end = off + len;
        int p = to ? prompt[i] : 0;
        // positions (queries) this thread sums: its own with perPosition (none outside the row's positions), else all
        int lo = perPosition ? max(slot, off) : off;
        int hi = perPosition ? min(slot + 1, end) : end;
        double acc = 0.0;
        if (attention) {
            long long aBlock = aOffset + aAttnStart[i] + (long long) c * len * len;
            long long bBlock = to ? bOffset + bAttnStart[p] + (long long) c * len * len : 0;
            for (int q = lo; q < hi; q++) {
                double part = 0.0;
                for (int k = 0; k < len; k++) {
                    long long at = (long long) q * len + k;
                    part = __dadd_rn(part, product(a[aBlock + at], to, from, bBlock + at));
                }
                acc = __dadd_rn(acc, part);
            }
        } else {
            int width = cols / groups;
            for (int pos = lo; pos < hi; pos++) {
                long long ar = aOffset + (long long) (aRowStart[i] + pos - off) * aLd + (long long) c * width;
                long long br = to ? bOffset + (long long) (bRowStart[p] + pos - bFirst[p]) * bLd + (long long) c * width : 0;
                double part = 0.0;
                for (int j = 0; j < width; j++) part = __dadd_rn(part, product(a[ar + j], to, from, br + j));
                acc = __dadd_rn(acc, part);
            }
        }
        out[e] = (float) acc;
    }
}
