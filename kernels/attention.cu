// Causal self-attention on packed prompts of different lengths, forward beside backward:
//   attentionScores  S = q·kᵀ/√dHead, keys after the query −∞          (TransformerLens hook_attn_scores)
//   causalSoftmax    P = softmax over keys ≤ query, 0 elsewhere         (hook_pattern)
//   attentionMix     z = P·v                                             (hook_z)
//   attentionMixBackwardPattern / attentionMixBackwardValue, causalSoftmaxBackward,
//   attentionScoresBackwardQuery / attentionScoresBackwardKey.
//
// Layout (BatchLayout.java): prompt p owns rows [rowStart[p], rowStart[p] + len[p]) of every activation and its
// scores / pattern for head h are the row-major [len, len] block at attnStart[p] + h·len·len (int64). q, k and v
// are column blocks of the fused qkv activation: head h of row r is x[xOffset + r·ld + h·dHead ..], so each kernel
// takes a base pointer, an int64 element offset and the row stride.
//
// Launch contract (every kernel in this file): blocks of 256 threads (8 warps), no dynamic shared memory, and
//   grid.x = tileStart[prompts], grid.y = nHeads, grid.z = 1 unless a kernel says otherwise,
// where tileStart is an int32 device array of prompts + 1 entries, the exclusive prefix of per-prompt tile counts:
//   tileStart[0] = 0, tileStart[p + 1] = tileStart[p] + ceil(len[p] / 32).
// Block x works on rows 32·(x − tileStart[p]) .. + 31 of the prompt p found by binary search (common.cuh). The
// launcher builds tileStart once per BatchLayout, next to len, rowStart (int32) and attnStart (int64), and passes
// the same four arrays to every kernel. This one shape serves 6400 prompts of 16 tokens (one tile each, 6400·12
// blocks) and a few prompts of 1024 tokens (32 tiles each) without padding or per-size launches.
//
// Arithmetic: products are accumulated in float with fused multiply-adds in increasing index order, so results
// are reproducible run after run; they differ from the CPU's blocked GEMM only by rounding. Like CpuKernels, the
// mix and the backward products run over the full [len, len] block (entries above the diagonal are normally 0,
// but a patched pattern may set them, and the mix reads them).
#include "common.cuh"

// Columns of a dHead slice handled per pass: q·kᵀ products step over dHead in slices of 32; outputs of the P·V
// products cover 64 columns per block (grid.z = ceil(dHead / 64)).
#define CL_DK 32
#define CL_DV 64

// 1/√dHead as CpuKernels computes it: (float) (1.0 / Math.sqrt(dHead)), exact IEEE double operations.
static __device__ __forceinline__ float head_scale(int dHead) {
    return (float) (1.0 / sqrt((double) dHead));
}

// acc[c] = Σ_d A[aRow0 + warp + 8c, d] · B[bRow0 + lane, d] over d < dHead: a 32 × 32 tile of A·Bᵀ where row i of A
// is a + i·lda and row j of B is b + j·ldb (pointers already at the head's first column). Rows past aRows / bRows
// read as 0. Every thread of the block must call it (it synchronises).
static __device__ __forceinline__ void abt_tile(const float* __restrict__ a, long long lda, int aRows,
                                                const float* __restrict__ b, long long ldb, int bRows, int dHead,
                                                float (&as)[CL_TILE][CL_DK + 1], float (&bs)[CL_TILE][CL_DK + 1],
                                                float acc[4]) {
    int tid = threadIdx.x;
    int lane = tid % CL_WARP;
    int warp = tid / CL_WARP;
    for (int c = 0; c < 4; c++) acc[c] = 0.0f;
    for (int d0 = 0; d0 < dHead; d0 += CL_DK) {
        for (int i = tid; i < CL_TILE * CL_DK; i += blockDim.x) {
            int r = i / CL_DK;
            int col = i % CL_DK;
            bool inCol = d0 + col < dHead;
            as[r][col] = r < aRows && inCol ? a[r * lda + d0 + col] : 0.0f;
            bs[r][col] = r < bRows && inCol ? b[r * ldb + d0 + col] : 0.0f;
        }
        __syncthreads();
        for (int kk = 0; kk < CL_DK; kk++) {
            float bv = bs[lane][kk];
            for (int c = 0; c < 4; c++) acc[c] = __fmaf_rn(as[warp + 8 * c][kk], bv, acc[c]);
        }
        __syncthreads();
    }
}

// acc[c][h] = Σ_j P(first + warp + 8c, j) · V[j, col0 + lane + 32h] over j < len: a 32 × 64 tile of P·V, where
// P(i, j) = p[i·len + j] (transposed: p[j·len + i]) is a [len, len] block and row j of V is v + j·ldv (pointer at
// the head's first column, dHead columns). Every thread of the block must call it (it synchronises).
static __device__ __forceinline__ void pv_tile(const float* __restrict__ p, bool transposed, int len, int first,
                                               const float* __restrict__ v, long long ldv, int col0, int dHead,
                                               float (&ps)[CL_TILE][CL_TILE + 1], float (&vs)[CL_TILE][CL_DV],
                                               float acc[4][2]) {
    int tid = threadIdx.x;
    int lane = tid % CL_WARP;
    int warp = tid / CL_WARP;
    for (int c = 0; c < 4; c++) acc[c][0] = acc[c][1] = 0.0f;
    for (int j0 = 0; j0 < len; j0 += CL_TILE) {
        for (int i = tid; i < CL_TILE * CL_TILE; i += blockDim.x) {
            // consecutive threads read consecutive addresses in both orientations
            int fast = i % CL_TILE;
            int slow = i / CL_TILE;
            int r = transposed ? fast : slow;
            int j = transposed ? slow : fast;
            bool in = first + r < len && j0 + j < len;
            long long at = transposed ? (long long) (j0 + j) * len + first + r : (long long) (first + r) * len + j0 + j;
            ps[r][j] = in ? p[at] : 0.0f;
        }
        for (int i = tid; i < CL_TILE * CL_DV; i += blockDim.x) {
            int j = i / CL_DV;
            int col = i % CL_DV;
            bool in = j0 + j < len && col0 + col < dHead;
            vs[j][col] = in ? v[(long long) (j0 + j) * ldv + col0 + col] : 0.0f;
        }
        __syncthreads();
        for (int jj = 0; jj < CL_TILE; jj++) {
            float v0 = vs[jj][lane];
            float v1 = vs[jj][lane + CL_WARP];
            for (int c = 0; c < 4; c++) {
                float pv = ps[warp + 8 * c][jj];
                acc[c][0] = __fmaf_rn(pv, v0, acc[c][0]);
                acc[c][1] = __fmaf_rn(pv, v1, acc[c][1]);
            }
        }
        __syncthreads();
    }
}

// Writes scale · acc of a pv_tile to out[(first + warp + 8c)·ldo + col0 + lane + 32h] for rows < len and columns
// < dHead (out at the head's first column of the prompt's first row).
static __device__ __forceinline__ void store_pv(const float acc[4][2], float scale, int len, int first, int col0,
                                                int dHead, float* out, long long ldo) {
    int lane = threadIdx.x % CL_WARP;
    int warp = threadIdx.x / CL_WARP;
    for (int c = 0; c < 4; c++) {
        int r = first + warp + 8 * c;
        if (r >= len) continue;
        for (int half = 0; half < 2; half++) {
            int col = col0 + lane + CL_WARP * half;
            if (col < dHead) out[(long long) r * ldo + col] = __fmul_rn(acc[c][half], scale);
        }
    }
}

// The two block bodies below hold the kernels' __shared__ tiles. They have external linkage (not static) so that the
// tiles' PTX names do not carry nvcc's per-file _INTERNAL_<hash>, which depends on the source's absolute path: the
// PTX is then the same whichever directory it is built in.

// One block of a P·V-shaped product, the body of the four kernels that have one: output rows first .. first + 31
// of the block's tile and 64 columns (blockIdx.z) of head h, out[outOffset + (row0 + i)·ldo + h·dHead + c] =
// scale · Σ_j P(i, j) · x[xOffset + (row0 + j)·ldx + h·dHead + c] with P the prompt's [len, len] block of p for
// head h, read transposed or not.
__device__ __forceinline__ void pv_block(const float* __restrict__ p, bool transposed,
                                                const float* __restrict__ x, long long xOffset, long long ldx,
                                                int dHead, float scale, float* out, long long outOffset,
                                                long long ldo, const int* __restrict__ len,
                                                const int* __restrict__ rowStart,
                                                const long long* __restrict__ attnStart,
                                                const int* __restrict__ tileStart, int prompts) {
    __shared__ float ps[CL_TILE][CL_TILE + 1];
    __shared__ float vs[CL_TILE][CL_DV];
    AttnTile t = attn_tile(len, rowStart, attnStart, tileStart, prompts);
    int col0 = blockIdx.z * CL_DV;
    long long head = (long long) t.h * dHead;
    float acc[4][2];
    pv_tile(p + t.blk, transposed, t.len, t.first, x + xOffset + t.row0 * ldx + head, ldx, col0, dHead, ps, vs, acc);
    store_pv(acc, scale, t.len, t.first, col0, dHead, out + outOffset + t.row0 * ldo + head, ldo);
}

// One block of an A·Bᵀ-shaped product over the prompt's full [len, len] block, the body of attentionScores and
// attentionMixBackwardPattern: for rows i of the block's tile and every key j,
// out[blk + i·len + j] = scale · a_i · b_j, with a_i = a[aOffset + (row0 + i)·lda + h·dHead ..] and b_j likewise.
// When causal, entries j > i are −∞ instead, and key tiles wholly after the tile's last row are filled without
// computing.
__device__ __forceinline__ void abt_block(const float* __restrict__ a, long long aOffset, long long lda,
                                                 const float* __restrict__ b, long long bOffset, long long ldb,
                                                 int dHead, float scale, bool causal, float* __restrict__ out,
                                                 const int* __restrict__ len, const int* __restrict__ rowStart,
                                                 const long long* __restrict__ attnStart,
                                                 const int* __restrict__ tileStart, int prompts) {
    __shared__ float as[CL_TILE][CL_DK + 1];
    __shared__ float bs[CL_TILE][CL_DK + 1];
    AttnTile t = attn_tile(len, rowStart, attnStart, tileStart, prompts);
    int lane = threadIdx.x % CL_WARP;
    int warp = threadIdx.x / CL_WARP;
    long long head = (long long) t.h * dHead;
    const float* at = a + aOffset + (t.row0 + t.first) * lda + head;
    int rows = min(CL_TILE, t.len - t.first);
    int lastRow = t.first + rows - 1;
    float* o = out + t.blk;
    for (int k0 = 0; k0 < t.len; k0 += CL_TILE) {
        float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        bool computed = !causal || k0 <= lastRow; // uniform over the block: the __syncthreads inside are safe
        if (computed) {
            abt_tile(at, lda, rows, b + bOffset + (t.row0 + k0) * ldb + head, ldb, t.len - k0, dHead, as, bs, acc);
        }
        int j = k0 + lane;
        if (j >= t.len) continue;
        for (int c = 0; c < 4; c++) {
            int i = t.first + warp + 8 * c;
            if (i >= t.len) continue;
            o[(long long) i * t.len + j] = computed && (!causal || j <= i) ? __fmul_rn(acc[c], scale) : -INFINITY;
        }
    }
}

// attentionScores(const float* q, int64 qOffset, const float* k, int64 kOffset, int ld, int dHead,
//                 const int* len, const int* rowStart, const int64* attnStart, const int* tileStart, int prompts,
//                 float* scores):
// scores[blk + i·len + j] = (q_i · k_j) / √dHead for j ≤ i and −∞ for j > i, every entry of every block written.
// Key tiles wholly after the tile's last query are filled with −∞ without computing. Grid (tileStart[prompts],
// nHeads).
extern "C" __global__ void __launch_bounds__(256)
attentionScores(const float* __restrict__ q, long long qOffset, const float* __restrict__ k, long long kOffset, int ld,
                int dHead, const int* __restrict__ len, const int* __restrict__ rowStart,
                const long long* __restrict__ attnStart, const int* __restrict__ tileStart, int prompts,
                float* __restrict__ scores) {
    abt_block(q, qOffset, ld, k, kOffset, ld, dHead, head_scale(dHead), true, scores, len, rowStart, attnStart,
              tileStart, prompts);
}

// causalSoftmax(const float* scores, const int* len, const int* rowStart, const int64* attnStart,
//               const int* tileStart, int prompts, float* pattern):
// per query row i: pattern[j] = e^(s_j − max) / Σ e^(s − max) over j ≤ i, 0 for j > i; a row whose entries j ≤ i
// are all −∞ becomes all 0 (as CpuKernels). One warp per row: warp w of the block takes rows first + w + 8c.
// pattern may alias scores. Grid (tileStart[prompts], nHeads).
extern "C" __global__ void __launch_bounds__(256)
causalSoftmax(const float* scores, const int* __restrict__ len, const int* __restrict__ rowStart,
              const long long* __restrict__ attnStart, const int* __restrict__ tileStart, int prompts,
              float* pattern) {
    AttnTile t = attn_tile(len, rowStart, attnStart, tileStart, prompts);
    int lane = threadIdx.x % CL_WARP;
    int warp = threadIdx.x / CL_WARP;
    for (int c = 0; c < 4; c++) {
        int i = t.first + warp + 8 * c;
        if (i >= t.len) break; // uniform over the warp
        const float* s = scores + t.blk + (long long) i * t.len;
        float* pr = pattern + t.blk + (long long) i * t.len;
        float mx = -INFINITY;
        for (int j = lane; j <= i; j += CL_WARP) mx = fmaxf(mx, s[j]);
        mx = warp_max(mx);
        if (mx == -INFINITY) {
            for (int j = lane; j < t.len; j += CL_WARP) pr[j] = 0.0f;
            continue;
        }
        float total = 0.0f;
        for (int j = lane; j <= i; j += CL_WARP) {
            float e = expf(s[j] - mx);
            pr[j] = e;
            total += e;
        }
        float inv = 1.0f / warp_sum(total);
        for (int j = lane; j < t.len; j += CL_WARP) pr[j] = j <= i ? __fmul_rn(pr[j], inv) : 0.0f;
    }
}

// attentionMix(const float* pattern, const float* v, int64 vOffset, int ldv, int dHead, const int* len,
//              const int* rowStart, const int64* attnStart, const int* tileStart, int prompts, float* z):
// z[row0 + i, h·dHead + c] = Σ_{j < len} pattern[blk + i·len + j] · v[vOffset + (row0 + j)·ldv + h·dHead + c];
// z has nHeads·dHead columns (nHeads = gridDim.y). Grid (tileStart[prompts], nHeads, ceil(dHead / 64)).
extern "C" __global__ void __launch_bounds__(256)
attentionMix(const float* __restrict__ pattern, const float* __restrict__ v, long long vOffset, int ldv, int dHead,
             const int* __restrict__ len, const int* __restrict__ rowStart,
             const long long* __restrict__ attnStart, const int* __restrict__ tileStart, int prompts,
             float* __restrict__ z) {
    long long ldz = (long long) gridDim.y * dHead;
    pv_block(pattern, false, v, vOffset, ldv, dHead, 1.0f, z, 0, ldz, len, rowStart, attnStart, tileStart, prompts);
}

// attentionMixBackwardPattern(const float* v, int64 vOffset, int ldv, const float* dZ, int dHead, const int* len,
//                             const int* rowStart, const int64* attnStart, const int* tileStart, int prompts,
//                             float* dPattern):
// dPattern[blk + i·len + j] = Σ_c dZ[row0 + i, h·dHead + c] · v[row0 + j, h·dHead + c] for ALL i, j < len
// (overwritten; entries above the diagonal included: the mix reads them, which matters when they are patched).
// dZ has nHeads·dHead columns. Grid (tileStart[prompts], nHeads). With attentionMixBackwardValue this is
// Kernels.attentionMixBackward.
extern "C" __global__ void __launch_bounds__(256)
attentionMixBackwardPattern(const float* __restrict__ v, long long vOffset, int ldv, const float* __restrict__ dZ,
                            int dHead, const int* __restrict__ len, const int* __restrict__ rowStart,
                            const long long* __restrict__ attnStart, const int* __restrict__ tileStart, int prompts,
                            float* __restrict__ dPattern) {
    long long ldz = (long long) gridDim.y * dHead;
    abt_block(dZ, 0, ldz, v, vOffset, ldv, dHead, 1.0f, false, dPattern, len, rowStart, attnStart, tileStart, prompts);
}

// attentionMixBackwardValue(const float* pattern, const float* dZ, int dHead, const int* len, const int* rowStart,
//                           const int64* attnStart, const int* tileStart, int prompts, float* dV, int64 dvOffset,
//                           int ldv):
// dV[dvOffset + (row0 + j)·ldv + h·dHead + c] = Σ_{i < len} pattern[blk + i·len + j] · dZ[row0 + i, h·dHead + c]
// (overwritten). Tiles run over key rows j. Grid (tileStart[prompts], nHeads, ceil(dHead / 64)).
extern "C" __global__ void __launch_bounds__(256)
attentionMixBackwardValue(const float* __restrict__ pattern, const float* __restrict__ dZ, int dHead,
                          const int* __restrict__ len, const int* __restrict__ rowStart,
                          const long long* __restrict__ attnStart, const int* __restrict__ tileStart, int prompts,
                          float* __restrict__ dV, long long dvOffset, int ldv) {
    long long ldz = (long long) gridDim.y * dHead;
    pv_block(pattern, true, dZ, 0, ldz, dHead, 1.0f, dV, dvOffset, ldv, len, rowStart, attnStart, tileStart, prompts);
}

// causalSoftmaxBackward(const float* pattern, const float* dPattern, const int* len, const int* rowStart,
//                       const int64* attnStart, const int* tileStart, int prompts, float* dScores):
// per query row i: dScores[j] = pattern[j] · (dPattern[j] − Σ_{j' ≤ i} pattern[j']·dPattern[j']) for j ≤ i, 0 for
// j > i (overwritten). One warp per row as causalSoftmax. dScores may alias dPattern. Grid (tileStart[prompts],
// nHeads).
extern "C" __global__ void __launch_bounds__(256)
causalSoftmaxBackward(const float* __restrict__ pattern, const float* dPattern, const int* __restrict__ len,
                      const int* __restrict__ rowStart, const long long* __restrict__ attnStart,
                      const int* __restrict__ tileStart, int prompts, float* dScores) {
    AttnTile t = attn_tile(len, rowStart, attnStart, tileStart, prompts);
    int lane = threadIdx.x % CL_WARP;
    int warp = threadIdx.x / CL_WARP;
    for (int c = 0; c < 4; c++) {
        int i = t.first + warp + 8 * c;
        if (i >= t.len) break; // uniform over the warp
        long long row = t.blk + (long long) i * t.len;
        const float* pr = pattern + row;
        const float* dp = dPattern + row;
        float* ds = dScores + row;
        float dot = 0.0f;
        for (int j = lane; j <= i; j += CL_WARP) dot = __fmaf_rn(pr[j], dp[j], dot);
        dot = warp_sum(dot);
        for (int j = lane; j < t.len; j += CL_WARP) ds[j] = j <= i ? __fmul_rn(pr[j], __fsub_rn(dp[j], dot)) : 0.0f;
    }
}

// attentionScoresBackwardQuery(const float* k, int64 kOffset, int ld, int dHead, const float* dScores,
//                              const int* len, const int* rowStart, const int64* attnStart, const int* tileStart,
//                              int prompts, float* dQ, int64 dqOffset):
// dQ[dqOffset + (row0 + i)·ld + h·dHead + c] = (Σ_{j < len} dScores[blk + i·len + j] · k[row0 + j, h·dHead + c])
// / √dHead (overwritten; dQ has the stride ld of q). Grid (tileStart[prompts], nHeads, ceil(dHead / 64)). With
// attentionScoresBackwardKey this is Kernels.attentionScoresBackward.
extern "C" __global__ void __launch_bounds__(256)
attentionScoresBackwardQuery(const float* __restrict__ k, long long kOffset, int ld, int dHead,
                             const float* __restrict__ dScores, const int* __restrict__ len,
                             const int* __restrict__ rowStart, const long long* __restrict__ attnStart,
                             const int* __restrict__ tileStart, int prompts, float* dQ, long long dqOffset) {
    pv_block(dScores, false, k, kOffset, ld, dHead, head_scale(dHead), dQ, dqOffset, ld, len, rowStart, attnStart,
             tileStart, prompts);
}

// attentionScoresBackwardKey(const float* q, int64 qOffset, int ld, int dHead, const float* dScores,
//                            const int* len, const int* rowStart, const int64* attnStart, const int* tileStart,
//                            int prompts, float* dK, int64 dkOffset):
// dK[dkOffset + (row0 + j)·ld + h·dHead + c] = (Σ_{i < len} dScores[blk + i·len + j] · q[row0 + i, h·dHead + c])
// / √dHead (overwritten). Tiles run over key rows j. Grid (tileStart[prompts], nHeads, ceil(dHead / 64)).
extern "C" __global__ void __launch_bounds__(256)
attentionScoresBackwardKey(const float* __restrict__ q, long long qOffset, int ld, int dHead,
                           const float* __restrict__ dScores, const int* __restrict__ len,
                           const int* __restrict__ rowStart, const long long* __restrict__ attnStart,
                           const int* __restrict__ tileStart, int prompts, float* dK, long long dkOffset) {
    pv_block(dScores, true, q, qOffset, ld, dHead, head_scale(dHead), dK, dkOffset, ld, len, rowStart, attnStart,
             tileStart, prompts);
}
