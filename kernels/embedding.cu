// Row gather and its twin: gatherRows reads embedding rows (wte by token id, wpe by position, the rows a metric
// reads); scatterAddRows sends their gradients back. Index values must lie in [0, rows of table/out): a kernel
// cannot throw, so the Java launcher checks them (as CpuKernels' bounds checks would).
#include "common.cuh"

// gatherRows(const float* table, int width, const int* index, int count, float* out):
// out[r·width + c] = table[index[r]·width + c] for r < count, c < width.
// Launch: 1-D blocks of 256 threads, 1-D grid of any size (grid-stride over count·width); suggested
// grid.x = min(ceil(count·width / 256), 65536). No shared memory.
extern "C" __global__ void gatherRows(const float* __restrict__ table, int width, const int* __restrict__ index,
                                      int count, float* __restrict__ out) {
    long long total = (long long) count * width;
    for (long long i = grid_first(); i < total; i += grid_stride()) {
        long long r = i / width;
        long long c = i - r * width;
        out[i] = table[(long long) index[r] * width + c];
    }
}

// scatterAddRows(const float* src, int width, const int* index, int count, float* out):
// out[index[r]·width + c] += src[r·width + c] for r < count; index may repeat a destination row.
// Determinism without atomics: destination rows are dealt to blockIdx.y by index % gridDim.y, and the thread of
// column c walks r = 0, 1, ... in order, adding only the rows dealt to it. Each output element therefore has one
// owner thread that adds its source rows in the CPU's order, which gives the CPU's bits.
// Launch: block (256), grid (ceil(width / 256), S) for any S ≥ 1 (S spreads repeated scans of the small index
// array over more blocks; S = min(count, 64) is a good choice). No shared memory.
extern "C" __global__ void scatterAddRows(const float* __restrict__ src, int width, const int* __restrict__ index,
                                          int count, float* __restrict__ out) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= width) return;
    unsigned slice = blockIdx.y;
    unsigned slices = gridDim.y;
    for (int r = 0; r < count; r++) {
        int dst = index[r];
        if ((unsigned) dst % slices != slice) continue;
        long long o = (long long) dst * width + c;
        out[o] = __fadd_rn(out[o], src[(long long) r * width + c]);
    }
}
