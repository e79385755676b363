// LayerNorm split at TransformerLens' hook_scale: layerNormScale computes the scale sqrt(var + eps) per row,
// layerNormApply normalises with a given (possibly patched) scale; each backward beside its forward. The scale is
// recomputed from x rather than kept, as CpuKernels does, so a frozen (patched) scale just skips
// layerNormScaleBackward.
//
// One warp per row: lane l handles columns l, l + 32, ...; sums are accumulated in float per lane in column order
// and combined by warp_sum's fixed butterfly, so the result is the same run after run and independent of how many
// rows a block holds.
// Launch (all kernels here): 1-D blocks of W·32 threads (256 suggested), grid.x = ceil(rows / W); block b handles
// rows b·W .. b·W + W − 1. No shared memory.
#include "common.cuh"

// Mean of the d floats of one row, identical in every lane.
static __device__ __forceinline__ float row_mean(const float* __restrict__ xr, int d, int lane) {
    float s = 0.0f;
    for (int j = lane; j < d; j += CL_WARP) s += xr[j];
    return warp_sum(s) / (float) d;
}

static __device__ __forceinline__ int warp_row() {
    return (int) ((blockIdx.x * blockDim.x + threadIdx.x) / CL_WARP);
}

// layerNormScale(const float* x, int rows, int d, float eps, float* scale):
// scale[r] = sqrt(Σ_j (x[r, j] − mean)² / d + eps), the two-pass variance as on the CPU.
extern "C" __global__ void layerNormScale(const float* __restrict__ x, int rows, int d, float eps,
                                          float* __restrict__ scale) {
    int r = warp_row();
    int lane = threadIdx.x % CL_WARP;
    if (r >= rows) return; // whole warps leave together: r is the same in all lanes
    const float* xr = x + (long long) r * d;
    float mean = row_mean(xr, d, lane);
    float sq = 0.0f;
    for (int j = lane; j < d; j += CL_WARP) {
        float t = xr[j] - mean;
        sq = __fmaf_rn(t, t, sq);
    }
    sq = warp_sum(sq);
    if (lane == 0) scale[r] = sqrtf(sq / (float) d + eps);
}

// layerNormApply(const float* x, const float* scale, const float* w, const float* b, int rows, int d, float* out):
// out[r, j] = (x[r, j] − mean) / scale[r] · w[j] + b[j], computed as fma((x − mean) · (1/scale), w, b) like the
// CPU's vector loop. out may alias x (each element is read before the same lane overwrites it).
extern "C" __global__ void layerNormApply(const float* x, const float* __restrict__ scale,
                                          const float* __restrict__ w, const float* __restrict__ b, int rows, int d,
                                          float* out) {
    int r = warp_row();
    int lane = threadIdx.x % CL_WARP;
    if (r >= rows) return;
    const float* xr = x + (long long) r * d;
    float* orow = out + (long long) r * d;
    float mean = row_mean(xr, d, lane);
    float inv = 1.0f / scale[r];
    for (int j = lane; j < d; j += CL_WARP) {
        float xhat = __fmul_rn(__fsub_rn(xr[j], mean), inv);
        orow[j] = __fmaf_rn(xhat, w[j], b[j]);
    }
}

// layerNormApplyBackward(const float* x, const float* scale, const float* w, const float* dOut, int rows, int d,
//                        float* dX, float* dScale):
// with g = dOut·w and x̂ = (x − mean)/scale: dX[r, j] += (g_j − mean(g)) / scale[r] and
// dScale[r] = −Σ_j g_j·x̂_j / scale[r] (overwritten). The path through the scale is layerNormScaleBackward.
extern "C" __global__ void layerNormApplyBackward(const float* __restrict__ x, const float* __restrict__ scale,
                                                  const float* __restrict__ w, const float* __restrict__ dOut,
                                                  int rows, int d, float* __restrict__ dX,
                                                  float* __restrict__ dScale) {
    int r = warp_row();
    int lane = threadIdx.x % CL_WARP;
    if (r >= rows) return;
    long long off = (long long) r * d;
    const float* xr = x + off;
    const float* dy = dOut + off;
    float mean = row_mean(xr, d, lane);
    float inv = 1.0f / scale[r];
    float gSum = 0.0f;
    float gDotXhat = 0.0f;
    for (int j = lane; j < d; j += CL_WARP) {
        float g = dy[j] * w[j];
        gSum += g;
        gDotXhat = __fmaf_rn(g, (xr[j] - mean) * inv, gDotXhat);
    }
    float gMean = warp_sum(gSum) / (float) d;
    gDotXhat = warp_sum(gDotXhat);
    float* dx = dX + off;
    for (int j = lane; j < d; j += CL_WARP) dx[j] += (dy[j] * w[j] - gMean) * inv;
    if (lane == 0) dScale[r] = -gDotXhat * inv;
}

// layerNormScaleBackward(const float* x, const float* scale, const float* dScale, int rows, int d, float* dX):
// dX[r, j] += dScale[r] · x̂_j / d = dScale[r] / (d · scale[r]) · (x[r, j] − mean).
extern "C" __global__ void layerNormScaleBackward(const float* __restrict__ x, const float* __restrict__ scale,
                                                  const float* __restrict__ dScale, int rows, int d,
                                                  float* __restrict__ dX) {
    int r = warp_row();
    int lane = threadIdx.x % CL_WARP;
    if (r >= rows) return;
    long long off = (long long) r * d;
    const float* xr = x + off;
    float mean = row_mean(xr, d, lane);
    float k = dScale[r] / ((float) d * scale[r]);
    float* dx = dX + off;
    for (int j = lane; j < d; j += CL_WARP) dx[j] += k * (xr[j] - mean);
}
