// gelu_new, GPT-2's tanh approximation of GELU, and its derivative. The arithmetic is CpuKernels' step for step:
// the same reformulation 0.5·x·(1 + tanh u) = x / (1 + e^(−2u)), the same exp (VectorMath.exp: clamp, Cody-Waite
// reduction, degree-7 polynomial, exponent bits) and the same rounding after every operation. Every operation is
// an explicit round-to-nearest intrinsic, which nvcc never contracts into a different fused multiply-add, so the
// GPU result is the CPU backend's result bit for bit.
//
// Launch (both kernels): 1-D blocks of 256 threads, 1-D grid of any size (grid-stride over n); suggested
// grid.x = min(ceil(n / 256), 65536). No shared memory.
#include "common.cuh"

// The float constants of CpuKernels / VectorMath, written exactly (hex) so no decimal conversion can move them.
#define GELU_C 0x1.988454p-1f          // (float) sqrt(2 / pi)
#define GELU_K 0x1.6e4e26p-5f          // 0.044715f
#define GELU_K3 0x1.12ba9cp-3f         // 3 * 0.044715f, rounded to float
#define EXP_LOG2E 0x1.715476p+0f       // (float) log2(e)
#define EXP_LN2_HI 0x1.62e4p-1f        // ln 2 = LN2_HI + LN2_LO, the high part exact in 16 bits
#define EXP_LN2_LO 0x1.7f7d1cp-20f
#define EXP_ROUND_MAGIC 0x1.8p+23f     // 1.5 · 2^23: adding then subtracting it rounds to the nearest integer

// VectorMath.exp: e^x for x clamped to [−87, 87] (finite and normal), a few ulp from the true value.
static __device__ __forceinline__ float cl_exp(float x) {
    x = fminf(fmaxf(x, -87.0f), 87.0f);
    float n = __fsub_rn(__fadd_rn(__fmul_rn(x, EXP_LOG2E), EXP_ROUND_MAGIC), EXP_ROUND_MAGIC);
    float r = __fmaf_rn(n, -EXP_LN2_HI, x);
    r = __fmaf_rn(n, -EXP_LN2_LO, r); // |r| ≤ ln2 / 2
    float p = 0x1.a01a02p-13f;          // 1/5040
    p = __fmaf_rn(p, r, 0x1.6c16c2p-10f); // 1/720
    p = __fmaf_rn(p, r, 0x1.111112p-7f);  // 1/120
    p = __fmaf_rn(p, r, 0x1.555556p-5f);  // 1/24
    p = __fmaf_rn(p, r, 0x1.555556p-3f);  // 1/6
    p = __fmaf_rn(p, r, 0.5f);
    p = __fmaf_rn(p, r, 1.0f);
    p = __fmaf_rn(p, r, 1.0f);
    float twoToN = __int_as_float((__float2int_rn(n) + 127) << 23); // n is an integer in [−126, 126]
    return __fmul_rn(p, twoToN);
}

// geluNew(const float* x, float* out, int64 n): out[i] = gelu_new(x[i]) for i < n; out may alias x.
extern "C" __global__ void geluNew(const float* x, float* out, long long n) {
    for (long long i = grid_first(); i < n; i += grid_stride()) {
        float v = x[i];
        float v3 = __fmul_rn(__fmul_rn(v, v), v);
        float minus2u = __fmul_rn(__fmaf_rn(v3, GELU_K, v), -2.0f * GELU_C);
        out[i] = __fdiv_rn(v, __fadd_rn(cl_exp(minus2u), 1.0f));
    }
}

// geluNewBackward(const float* x, const float* dOut, float* dX, int64 n): dX[i] = dOut[i] · gelu_new'(x[i]) with
// gelu_new'(x) = 0.5·(1 + tanh u) + 0.5·x·(1 − tanh² u)·du/dx, tanh u = 2 / (1 + e^(−2u)) − 1. dX may alias dOut.
extern "C" __global__ void geluNewBackward(const float* __restrict__ x, const float* dOut, float* dX, long long n) {
    for (long long i = grid_first(); i < n; i += grid_stride()) {
        float v = x[i];
        float v2 = __fmul_rn(v, v);
        float u = __fmul_rn(__fmaf_rn(__fmul_rn(v2, v), GELU_K, v), GELU_C);
        float t = __fsub_rn(__fdiv_rn(2.0f, __fadd_rn(cl_exp(__fmul_rn(u, -2.0f)), 1.0f)), 1.0f);
        float du = __fmul_rn(__fmaf_rn(v2, GELU_K3, 1.0f), GELU_C);
        float left = __fmul_rn(0.5f, __fadd_rn(1.0f, t));
        float right = __fmul_rn(__fmul_rn(__fmul_rn(0.5f, v), __fsub_rn(1.0f, __fmul_rn(t, t))), du);
        dX[i] = __fmul_rn(__fadd_rn(left, right), dOut[i]);
    }
}
