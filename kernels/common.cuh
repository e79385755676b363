// Shared device helpers for the circuitlens CUDA kernels: deterministic warp reductions, a block-wide prefix sum,
// grid-stride loops, the lookup from a block to its prompt in the packed batch layout (see BatchLayout.java) and the
// BLEND rule that patches and prompt-row interpolations share.
//
// Conventions every kernel file follows (the Java launcher, kernels/cuda/CudaKernels, relies on them):
//   - float32 everywhere; device pointers arrive as CUdeviceptr (8 bytes), offsets and element counts that can
//     pass 2^31 as int64 (`long long`), everything else as int32;
//   - no atomics: every output element is written by exactly one thread, and every reduction has a fixed order
//     that depends only on the launch shape, so a kernel gives the same bits run after run;
//   - no dynamic shared memory (sharedMemBytes = 0 at every launch): tiles are fixed-size static arrays.
#pragma once

#define CL_WARP 32
#define CL_FULL_MASK 0xffffffffu

// Rows of one attention tile: the attention kernels map blocks to (prompt, head, tile of CL_TILE query rows).
#define CL_TILE 32

// Threads of the single block that runs a prefix sum (block_scan); the launcher starts such kernels with this block.
#define CL_SCAN 256

// Sum over the 32 lanes of a warp by a butterfly: every lane ends with the same value, and the order of the
// additions is fixed by the lane numbers, so the result is reproducible. All 32 lanes must call it.
static __device__ __forceinline__ float warp_sum(float v) {
    for (int m = CL_WARP / 2; m > 0; m >>= 1) v += __shfl_xor_sync(CL_FULL_MASK, v, m);
    return v;
}

static __device__ __forceinline__ float warp_max(float v) {
    for (int m = CL_WARP / 2; m > 0; m >>= 1) v = fmaxf(v, __shfl_xor_sync(CL_FULL_MASK, v, m));
    return v;
}

// Last i in [0, n) with start[i] <= v, for an ascending prefix array start (start[0] <= v): which prompt owns a
// tile (int32 tile table) or which patch segment owns an element (int64 element prefix). A binary search over a few
// kilobytes that stay in L1, so one table serves 6400 short prompts or a million segments alike.
template <class T>
static __device__ __forceinline__ int last_at_most(const T* __restrict__ start, int n, T v) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) >> 1;
        if (start[mid] <= v) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

// Where one block of an attention kernel works: prompt p of length len whose first row is row0, head h, and the
// first query (or key) row `first` of its tile; blk is the start of the prompt's [len, len] block for head h in
// the scores / pattern buffers.
struct AttnTile {
    int p;
    int len;
    int row0;
    int h;
    int first;
    long long blk;
};

// Launch contract shared by the attention kernels (grid.x = tileStart[prompts], grid.y = nHeads): block x is tile
// (x − tileStart[p]) of prompt p, head blockIdx.y.
static __device__ __forceinline__ AttnTile attn_tile(const int* __restrict__ len, const int* __restrict__ rowStart,
                                                     const long long* __restrict__ attnStart,
                                                     const int* __restrict__ tileStart, int prompts) {
    AttnTile a;
    int t = (int) blockIdx.x;
    a.p = last_at_most(tileStart, prompts, t);
    a.len = len[a.p];
    a.row0 = rowStart[a.p];
    a.h = (int) blockIdx.y;
    a.first = (t - tileStart[a.p]) * CL_TILE;
    a.blk = attnStart[a.p] + (long long) a.h * a.len * a.len;
    return a;
}

// First index and stride of a 1-D grid-stride loop over int64 element counts.
static __device__ __forceinline__ long long grid_first() {
    return (long long) blockIdx.x * blockDim.x + threadIdx.x;
}

static __device__ __forceinline__ long long grid_stride() {
    return (long long) gridDim.x * blockDim.x;
}

// CpuKernels.blend: dst + alpha·(src − dst), exact at the ends. alpha = 1 returns src bit for bit (a full patch must
// reproduce the source run exactly) and equal values (two masked −∞ scores, say) stay as they are instead of
// becoming NaN. Explicit round-to-nearest steps: a fused multiply-add would round differently from the CPU.
static __device__ __forceinline__ float blend(float dst, float src, float alpha) {
    if (alpha == 1.0f) return src;
    if (dst == src) return dst;
    return __fadd_rn(dst, __fmul_rn(alpha, __fsub_rn(src, dst)));
}

// A prefix sum over the threads of one block: inclusive is Σ of v over threads 0 .. threadIdx.x, total over all.
struct BlockScan {
    long long inclusive;
    long long total;
};

// Inclusive prefix sum of one int64 per thread (Hillis–Steele through the shared array s), for blocks of at most
// CL_SCAN threads. Integer sums: the result does not depend on the order. Every thread of the block must call it;
// s may be reused right after it returns.
static __device__ __forceinline__ BlockScan block_scan(long long v, long long (&s)[CL_SCAN]) {
    int t = threadIdx.x;
    s[t] = v;
    __syncthreads();
    for (int off = 1; off < (int) blockDim.x; off <<= 1) {
        long long left = t >= off ? s[t - off] : 0;
        __syncthreads();
        s[t] += left;
        __syncthreads();
    }
    BlockScan r = {s[t], s[blockDim.x - 1]};
    __syncthreads(); // the caller's next scan overwrites s
    return r;
}
