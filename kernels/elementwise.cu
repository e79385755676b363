// Elementwise kernels: add (residual stream), mul, axpy, fill, copy, copy2d (strided row blocks), sumHeads (the sum
// of the per-head attention outputs, TransformerLens' hook_result → attn_out) and biasRows (the bias term of the
// launcher's GEMM). Twins of CpuKernels' methods of the same names; each output element is one thread's work, so
// results do not depend on the launch shape.
//
// Launch (all kernels here): 1-D blocks of 256 threads, 1-D grid of any size ≥ 1 (grid-stride loops over int64
// element counts); suggested grid.x = min(ceil(total / 256), 65536). No shared memory.
#include "common.cuh"

// add(const float* a, const float* b, float* out, int64 n): out[i] = a[i] + b[i] for i < n. out may alias a or b.
extern "C" __global__ void add(const float* a, const float* b, float* out, long long n) {
    for (long long i = grid_first(); i < n; i += grid_stride()) out[i] = a[i] + b[i];
}

// mul(const float* a, const float* b, float* out, int64 n): out[i] = a[i] · b[i] for i < n. out may alias a or b.
extern "C" __global__ void mul(const float* a, const float* b, float* out, long long n) {
    for (long long i = grid_first(); i < n; i += grid_stride()) out[i] = __fmul_rn(a[i], b[i]);
}

// axpy(float alpha, const float* x, float* y, int64 n): y[i] += alpha · x[i], with one rounding (fused multiply-add)
// as CpuKernels' x.fma(alpha, y).
extern "C" __global__ void axpy(float alpha, const float* __restrict__ x, float* __restrict__ y, long long n) {
    for (long long i = grid_first(); i < n; i += grid_stride()) y[i] = __fmaf_rn(x[i], alpha, y[i]);
}

// fill(float* dst, int64 offset, int64 n, float value): dst[offset + i] = value for i < n.
extern "C" __global__ void fill(float* dst, long long offset, long long n, float value) {
    float* d = dst + offset;
    for (long long i = grid_first(); i < n; i += grid_stride()) d[i] = value;
}

// copy(const float* src, int64 srcOffset, float* dst, int64 dstOffset, int64 n):
// dst[dstOffset + i] = src[srcOffset + i] for i < n. The ranges must not overlap (the launcher goes through a
// temporary buffer when they do, as System.arraycopy behaves).
extern "C" __global__ void copy(const float* __restrict__ src, long long srcOffset, float* __restrict__ dst,
                                long long dstOffset, long long n) {
    const float* s = src + srcOffset;
    float* d = dst + dstOffset;
    for (long long i = grid_first(); i < n; i += grid_stride()) d[i] = s[i];
}

// copy2d(const float* src, int64 srcOffset, int srcLd, float* dst, int64 dstOffset, int dstLd, int rows, int cols):
// dst[dstOffset + r·dstLd + c] = src[srcOffset + r·srcLd + c] for r < rows, c < cols. The two blocks must not
// overlap (as System.arraycopy row by row would allow only for identical ranges).
extern "C" __global__ void copy2d(const float* __restrict__ src, long long srcOffset, int srcLd,
                                  float* __restrict__ dst, long long dstOffset, int dstLd, int rows, int cols) {
    long long total = (long long) rows * cols;
    for (long long i = grid_first(); i < total; i += grid_stride()) {
        long long r = i / cols;
        long long c = i - r * cols;
        dst[dstOffset + r * dstLd + c] = src[srcOffset + r * srcLd + c];
    }
}

// sumHeads(const float* result, int rows, int nHeads, int width, float* out, int accumulate):
// out[r, c] = (accumulate ? out[r, c] : 0) + Σ_h result[r, h, c], result being rows × nHeads × width. The heads are
// added in order h = 0, 1, ... to the running value, exactly as CpuKernels does, so the bits match the CPU backend.
extern "C" __global__ void sumHeads(const float* __restrict__ result, int rows, int nHeads, int width,
                                    float* __restrict__ out, int accumulate) {
    long long total = (long long) rows * width;
    for (long long i = grid_first(); i < total; i += grid_stride()) {
        long long r = i / width;
        long long c = i - r * width;
        const float* src = result + r * nHeads * width + c;
        float acc = accumulate ? out[i] : 0.0f;
        for (int h = 0; h < nHeads; h++) acc = __fadd_rn(acc, src[(long long) h * width]);
        out[i] = acc;
    }
}

// biasRows(float* c, int64 cOffset, int ldc, int rows, int cols, const float* bias, int64 biasOffset, int accumulate):
// c[cOffset + r·ldc + j] = (accumulate ? c[..] : 0) + bias[biasOffset + j] for r < rows, j < cols. The launcher's
// GEMM with a bias runs this first and then cuBLAS with beta = 1: C = (C or 0) + bias + op(A)·op(B).
extern "C" __global__ void biasRows(float* __restrict__ c, long long cOffset, int ldc, int rows, int cols,
                                    const float* __restrict__ bias, long long biasOffset, int accumulate) {
    long long total = (long long) rows * cols;
    for (long long i = grid_first(); i < total; i += grid_stride()) {
        long long r = i / cols;
        long long j = i - r * cols;
        float* e = c + cOffset + r * ldc + j;
        float b = bias[biasOffset + j];
        *e = accumulate ? __fadd_rn(*e, b) : b;
    }
}
