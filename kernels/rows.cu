// Prompt rows of a packed batch: the device tables of a batch layout and of a row map, built without crossing to
// the host, and the kernels that move whole prompt rows between batches:
//   layoutTables            len, offset, rowStart, attnStart, tileStart of a BatchLayout (optionally of rows copying
//                           prompts, optionally windows)
//   gridRows                prompt and step of each row of a grid RowMap slice
//   gatherLastRows          out[p, :] = x[lastRow(p), :]        (the rows next-token logits are read at)
//   scatterAddLastRows      out[lastRow(p), :] += src[p, :]     (its backward)
//   interpolatePromptRows   a pass's rows from the cached prompts' rows, blended per IG step, position by position
//   interpolatePromptBlocks the same for attention hooks ([heads, len, len] blocks; whole prompts only)
//
// Tables (see BatchLayout.java and the attention launch contract): len, offset, rowStart (int32), attnStart (int64)
// and tileStart (int32); rowStart, attnStart and tileStart have one entry more than there are prompts: rowStart[n] =
// rows, attnStart[n] = attnSize, tileStart[n] = total attention tiles. A layout may be a window: prompt p's len[p]
// rows hold its positions offset[p] .. offset[p] + len[p] − 1 (BatchLayout.offset; 0 for whole prompts), and
// windows end at the prompt's last token, so offset + len is the prompt's token count. A row map is two int32
// arrays, prompt[i] and step[i] (step 0 for a listed map).
#include "common.cuh"

// layoutTables(const int* srcLen, const int* srcFirst, const int* map, const int* first, int firstByRow, int n,
//              int nHeads, int* len, int* offset, int* rowStart, long long* attnStart, int* tileStart):
// row i < n copies source entry s = map ? map[i] : i, whose positions end at e = srcLen[s] + (srcFirst ? srcFirst[s]
// : 0); the row holds positions o .. e − 1 with o = first ? first[firstByRow ? i : s] : 0, so offset[i] = o and
// len[i] = e − o. Then rowStart[i] = Σ_{j < i} len[j], attnStart[i] = Σ_{j < i} nHeads·len[j]², tileStart[i] =
// Σ_{j < i} ceil(len[j] / 32), each for i ≤ n. Each thread reads its row's entries before writing them, so with map
// null srcLen may be len itself and srcFirst / first may be offset itself. map entries must index srcLen, and
// o < e (the launcher checks both against the host's RowMap and BatchLayout).
// Uses: prepare(layout) uploads len (and a window's offsets into offset) and runs this with map null, srcFirst =
// first = offset and firstByRow 1 (or both null: whole prompts); a layout of rows copying cached prompts passes the
// cache's len and offset as srcLen / srcFirst, the row map's prompts as map, and for a window the first position
// per cached prompt (firstByRow 0: one int a cached prompt is all that crosses) or, where two rows of one prompt
// start at different positions, per row (firstByRow 1).
// Launch: grid 1, block CL_SCAN (256) threads (a prefix sum in chunks of 256 rows). No dynamic shared memory.
extern "C" __global__ void __launch_bounds__(CL_SCAN)
layoutTables(const int* srcLen, const int* srcFirst, const int* __restrict__ map, const int* first, int firstByRow, int n,
             int nHeads, int* len, int* offset, int* __restrict__ rowStart, long long* __restrict__ attnStart,
             int* __restrict__ tileStart) {
    __shared__ long long s[CL_SCAN];
    long long rows = 0; // running totals, the same in every thread
    long long attn = 0;
    long long tiles = 0;
    for (int base = 0; base < n; base += blockDim.x) {
        int i = base + threadIdx.x;
        long long l = 0;
        if (i < n) {
            int src = map ? map[i] : i;
            int end = srcLen[src] + (srcFirst ? srcFirst[src] : 0);
            int o = first ? first[firstByRow ? i : src] : 0;
            l = end - o;
            len[i] = (int) l;
            offset[i] = o;
        }
        long long a = nHeads * l * l;
        long long t = (l + CL_TILE - 1) / CL_TILE;
        BlockScan br = block_scan(l, s);
        BlockScan ba = block_scan(a, s);
        BlockScan bt = block_scan(t, s);
        if (i < n) {
            rowStart[i] = (int) (rows + br.inclusive - l);
            attnStart[i] = attn + ba.inclusive - a;
            tileStart[i] = (int) (tiles + bt.inclusive - t);
        }
        rows += br.total;
        attn += ba.total;
        tiles += bt.total;
    }
    if (threadIdx.x == 0) {
        rowStart[n] = (int) rows;
        attnStart[n] = attn;
        tileStart[n] = (int) tiles;
    }
}

// gridRows(int gridPrompts, long long first, int count, int* prompt, int* step):
// row i < count of the step-major grid slice starting at grid row `first` copies prompt (first + i) % gridPrompts at
// step (first + i) / gridPrompts (RowMap.grid). This is why a grid map costs no transfer.
// Launch: 1-D blocks of 256 threads, 1-D grid of any size (grid-stride over count). No shared memory.
extern "C" __global__ void gridRows(int gridPrompts, long long first, int count, int* __restrict__ prompt,
                                    int* __restrict__ step) {
    for (long long i = grid_first(); i < count; i += grid_stride()) {
        long long g = first + i;
        prompt[i] = (int) (g % gridPrompts);
        step[i] = (int) (g / gridPrompts);
    }
}

// Element (i / width, i % width) of a [prompts, width] array: where it lives in the [rows, width] array of the
// batch, at its prompt's last row.
static __device__ __forceinline__ long long last_row_element(long long i, int width, const int* __restrict__ len,
                                                             const int* __restrict__ rowStart) {
    long long p = i / width;
    return (long long) (rowStart[p] + len[p] - 1) * width + (i - p * width);
}

// gatherLastRows(const float* x, int width, const int* len, const int* rowStart, int prompts, float* out):
// out[p·width + c] = x[(rowStart[p] + len[p] − 1)·width + c] for p < prompts, c < width (a window's len: its last
// row is its prompt's last token too).
// Launch: 1-D blocks of 256 threads, 1-D grid of any size (grid-stride over prompts·width). No shared memory.
extern "C" __global__ void gatherLastRows(const float* __restrict__ x, int width, const int* __restrict__ len,
                                          const int* __restrict__ rowStart, int prompts, float* __restrict__ out) {
    long long total = (long long) prompts * width;
    for (long long i = grid_first(); i < total; i += grid_stride()) out[i] = x[last_row_element(i, width, len, rowStart)];
}

// scatterAddLastRows(const float* src, int width, const int* len, const int* rowStart, int prompts, float* out):
// out[(rowStart[p] + len[p] − 1)·width + c] += src[p·width + c]. Prompts own disjoint rows, so every output element
// has one writer: no atomics, the CPU's bits.
// Launch: 1-D blocks of 256 threads, 1-D grid of any size (grid-stride over prompts·width). No shared memory.
extern "C" __global__ void scatterAddLastRows(const float* __restrict__ src, int width, const int* __restrict__ len,
                                              const int* __restrict__ rowStart, int prompts, float* __restrict__ out) {
    long long total = (long long) prompts * width;
    for (long long i = grid_first(); i < total; i += grid_stride()) {
        long long o = last_row_element(i, width, len, rowStart);
        out[o] = __fadd_rn(out[o], src[i]);
    }
}

// interpolatePromptRows(float* dst, int64 dstOffset, int dstLd, const int* dstLen, const int* dstFirst,
//                       const int* dstRowStart, const float* from, const float* to, int64 srcOffset, int srcLd,
//                       const int* srcFirst, const int* srcRowStart, const int* prompt, const int* step,
//                       const float* alphas, int rows, int cols):
// for batch row i < rows copying prompt p = prompt[i], every position t both hold (either layout may be a window:
// max(dstFirst[i], srcFirst[p]) ≤ t < end = dstFirst[i] + dstLen[i]) and column c < cols:
// dst[dstOffset + (dstRowStart[i] + t − dstFirst[i])·dstLd + c] = from ? blend(from[e], to[e], alphas ?
// alphas[step[i]] : 1) : to[e] with e = srcOffset + (srcRowStart[p] + t − srcFirst[p])·srcLd + c
// (Kernels.interpolatePromptRows; exact at α = 1 and where from and to are equal). Rows of dst before the first
// common position are not written. The launcher checks that row i and prompt p end at the same position.
// Launch: 1-D blocks of 256 threads, grid (x, y) of any size: blocks y, y + gridDim.y, ... take batch rows, and x
// strides over a row's copied positions·cols elements; suggested y = min(rows, 65535), x = ceil(maxLen·cols / 256)
// capped so that x·y ≤ 65536 (maxLen: the longest dst row). No shared memory.
extern "C" __global__ void interpolatePromptRows(float* __restrict__ dst, long long dstOffset, int dstLd,
                                                 const int* __restrict__ dstLen, const int* __restrict__ dstFirst,
                                                 const int* __restrict__ dstRowStart, const float* __restrict__ from,
                                                 const float* __restrict__ to, long long srcOffset, int srcLd,
                                                 const int* __restrict__ srcFirst, const int* __restrict__ srcRowStart,
                                                 const int* __restrict__ prompt, const int* __restrict__ step,
                                                 const float* __restrict__ alphas, int rows, int cols) {
    for (int i = blockIdx.y; i < rows; i += gridDim.y) {
        float alpha = alphas ? alphas[step[i]] : 1.0f;
        int p = prompt[i];
        int lo = max(dstFirst[i], srcFirst[p]); // the first position both layouts hold
        long long n = (long long) (dstFirst[i] + dstLen[i] - lo) * cols;
        float* d = dst + dstOffset + (long long) (dstRowStart[i] + lo - dstFirst[i]) * dstLd;
        long long s = srcOffset + (long long) (srcRowStart[p] + lo - srcFirst[p]) * srcLd;
        for (long long e = (long long) blockIdx.x * blockDim.x + threadIdx.x; e < n; e += (long long) gridDim.x * blockDim.x) {
            long long t = e / cols;
            long long c = e - t * cols;
            long long at = s + t * srcLd + c;
            d[t * dstLd + c] = from ? blend(from[at], to[at], alpha) : to[at];
        }
    }
}

// interpolatePromptBlocks(float* dst, const int* dstLen, const long long* dstAttnStart, const float* from,
//                         const float* to, const long long* srcAttnStart, const int* prompt, const int* step,
//                         const float* alphas, int rows, int headFirst, int heads):
// interpolatePromptRows for attention hooks: for batch row i copying prompt p, the heads·len² elements of heads
// [headFirst, headFirst + heads) of its [nHeads, len, len] block (len = dstLen[i]) starting at
// dstAttnStart[i] + headFirst·len², read at srcAttnStart[p] + headFirst·len² of from / to. Whole prompts only (a
// window has no attention blocks of its own): the launcher refuses windows.
// Launch: as interpolatePromptRows (y over rows, x over a row's heads·len² elements).
extern "C" __global__ void interpolatePromptBlocks(float* __restrict__ dst, const int* __restrict__ dstLen,
                                                   const long long* __restrict__ dstAttnStart,
                                                   const float* __restrict__ from, const float* __restrict__ to,
                                                   const long long* __restrict__ srcAttnStart,
                                                   const int* __restrict__ prompt, const int* __restrict__ step,
                                                   const float* __restrict__ alphas, int rows, int headFirst,
                                                   int heads) {
    for (int i = blockIdx.y; i < rows; i += gridDim.y) {
        float alpha = alphas ? alphas[step[i]] : 1.0f;
        long long block = (long long) dstLen[i] * dstLen[i];
        long long n = heads * block;
        float* d = dst + dstAttnStart[i] + headFirst * block;
        long long s = srcAttnStart[prompt[i]] + headFirst * block;
        for (long long e = (long long) blockIdx.x * blockDim.x + threadIdx.x; e < n; e += (long long) gridDim.x * blockDim.x) {
            d[e] = from ? blend(from[s + e], to[s + e], alpha) : to[s + e];
        }
    }
}
