// Patch segments (PatchSegments.java): segment g covers dst[dstOffset[g] .. + length_g) and reads
// src[srcOffset[g] .. + length_g) with its own alpha. One kernel executes every declarative patch (activation
// patching, interpolation for integrated gradients, zero ablation, steering) and its backward.
//
// Segments are found per element through an int64 prefix of their lengths, which segmentStarts builds on the device
// from the uploaded PatchSegments.length() (int32): elemStart[0] = 0, elemStart[g + 1] = elemStart[g] + length[g]
// (count + 1 entries; the length of g is elemStart[g + 1] − elemStart[g]). Thread i of the grid-stride loop handles
// element i of the concatenated segments and finds g by binary search, so one 80M-element run and a million
// 1-element runs (single neurons) are balanced alike.
//
// Preconditions the launcher guarantees (CpuKernels applies segments one after another; a GPU applies them at
// once): no two segments write the same dst element, and no segment reads a src element that another segment
// writes (a segment may read exactly the elements it writes: BLEND then leaves them as they are).
//
// mode is PatchMode.ordinal(): 0 = BLEND, 1 = ADD, 2 = ZERO.
// Launch (patch, patchBackward): 1-D blocks of 256 threads, 1-D grid of any size (grid-stride over
// elemStart[count]); suggested grid.x = min(ceil(elemStart[count] / 256), 65536). No shared memory. count ≥ 1 (skip
// the launch for an empty patch).
#include "common.cuh"

#define CL_PATCH_BLEND 0
#define CL_PATCH_ADD 1
#define CL_PATCH_ZERO 2

// segmentStarts(const int* length, int count, long long* elemStart):
// elemStart[g] = Σ_{g' < g} length[g'] for g ≤ count (count + 1 entries). A prefix sum in one block, in chunks of
// CL_SCAN segments: it runs once per prepared patch, so a million single-neuron segments cost a few thousand block
// steps and no transfer beyond the lengths themselves.
// Launch: grid 1, block CL_SCAN (256) threads. No dynamic shared memory.
extern "C" __global__ void __launch_bounds__(CL_SCAN)
segmentStarts(const int* __restrict__ length, int count, long long* __restrict__ elemStart) {
    __shared__ long long s[CL_SCAN];
    long long carry = 0; // the same in every thread
    for (int base = 0; base < count; base += blockDim.x) {
        int g = base + threadIdx.x;
        long long len = g < count ? length[g] : 0;
        BlockScan b = block_scan(len, s);
        if (g < count) elemStart[g] = carry + b.inclusive - len;
        carry += b.total;
    }
    if (threadIdx.x == 0) elemStart[count] = carry;
}

// patch(float* dst, const float* src, const long long* dstOffset, const long long* srcOffset,
//       const long long* elemStart, const float* alpha, int count, int mode):
// BLEND dst = blend(dst, src, alpha); ADD dst += alpha·src; ZERO dst = 0 (src and srcOffset are not read and may
// be null).
extern "C" __global__ void patch(float* dst, const float* src, const long long* __restrict__ dstOffset,
                                 const long long* __restrict__ srcOffset, const long long* __restrict__ elemStart,
                                 const float* __restrict__ alpha, int count, int mode) {
    long long total = elemStart[count];
    for (long long e = grid_first(); e < total; e += grid_stride()) {
        int g = last_at_most(elemStart, count, e);
        long long j = e - elemStart[g];
        float* d = dst + dstOffset[g] + j;
        if (mode == CL_PATCH_ZERO) {
            *d = 0.0f;
        } else if (mode == CL_PATCH_BLEND) {
            *d = blend(*d, src[srcOffset[g] + j], alpha[g]);
        } else {
            *d = __fadd_rn(*d, __fmul_rn(alpha[g], src[srcOffset[g] + j]));
        }
    }
}

// patchBackward(float* grad, const long long* dstOffset, const long long* elemStart, const float* alpha, int count,
//               int mode):
// the gradient with respect to the value before the patch, over the patched elements: BLEND multiplies by
// (1 − alpha), ZERO by 0 (as the CPU does: a NaN or infinite gradient stays NaN), ADD leaves it (the launcher may
// skip the launch; the kernel returns at once).
extern "C" __global__ void patchBackward(float* grad, const long long* __restrict__ dstOffset,
                                         const long long* __restrict__ elemStart, const float* __restrict__ alpha,
                                         int count, int mode) {
    if (mode == CL_PATCH_ADD) return; // the added value does not depend on the base activation
    long long total = elemStart[count];
    for (long long e = grid_first(); e < total; e += grid_stride()) {
        int g = last_at_most(elemStart, count, e);
        float keep = mode == CL_PATCH_ZERO ? 0.0f : __fsub_rn(1.0f, alpha[g]);
        float* d = grad + dstOffset[g] + (e - elemStart[g]);
        *d = __fmul_rn(*d, keep);
    }
}
