// Plain loops, written from the Javadoc of io.circuitlens.kernels.Kernels and the special cases of CpuKernels,
// that the emulated kernels are checked against. Sums are taken in double; where a kernel must match the CPU bit
// for bit (sums in a fixed order, patch blending) the loop repeats the CPU's float operations instead.
#pragma once

#include <cmath>
#include <vector>

namespace ref {

using Floats = std::vector<float>;

// A packed batch (BatchLayout.of, or BatchLayout.windows with offsets) plus the tile table of the CUDA launch
// contract: prompt p's len[p] rows hold its positions off[p] .. end(p) − 1.
struct Layout {
    std::vector<int> len, off, rowStart, tileStart;
    std::vector<long long> attnStart;
    int rows = 0;
    long long attnSize = 0;
    int nHeads = 0;

    Layout(std::vector<int> lengths, int heads, std::vector<int> offsets = {})
        : len(lengths), off(offsets.empty() ? std::vector<int>(lengths.size(), 0) : offsets), nHeads(heads) {
        tileStart.push_back(0);
        for (int l : len) {
            rowStart.push_back(rows);
            attnStart.push_back(attnSize);
            rows += l;
            attnSize += (long long) heads * l * l;
            tileStart.push_back(tileStart.back() + (l + 31) / 32);
        }
    }

    // BatchLayout.windows: prompt p's positions offsets[p] .. ends[p] − 1
    static Layout windows(const std::vector<int>& offsets, const std::vector<int>& ends, int heads) {
        std::vector<int> lengths;
        for (size_t p = 0; p < ends.size(); p++) lengths.push_back(ends[p] - offsets[p]);
        return Layout(lengths, heads, offsets);
    }

    int prompts() const { return (int) len.size(); }
    int end(int p) const { return off[p] + len[p]; }
    int tiles() const { return tileStart.back(); }
    long long block(int p, int h) const { return attnStart[p] + (long long) h * len[p] * len[p]; }
};

// A value and the sum of the magnitudes of the terms it was computed from: the error bound of a float sum of n
// terms in any order is about n · 2^-24 · magnitude.
struct Value {
    double v = 0;
    double mag = 0;
};

inline double headScale(int dHead) { return 1.0 / std::sqrt((double) dHead); }

// Σ_c a[c] · b[c·strideB] over c < n, with the magnitude of its terms.
inline Value dot(const float* a, const float* b, int n, long long strideB = 1) {
    Value r;
    for (int c = 0; c < n; c++) {
        double t = (double) a[c] * b[c * strideB];
        r.v += t;
        r.mag += std::fabs(t);
    }
    return r;
}

inline double geluNew(double x) {
    return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
}

inline double geluNewDerivative(double x) {
    double u = std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x);
    double t = std::tanh(u);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * std::sqrt(2 / M_PI) * (1 + 3 * 0.044715 * x * x);
}

// CpuKernels.blend, float for float.
inline float blend(float dst, float src, float alpha) {
    if (alpha == 1.0f || dst == src) return alpha == 1.0f ? src : dst;
    return dst + alpha * (src - dst);
}

struct RowStats {
    double mean, var;
};

inline RowStats rowStats(const float* x, int d) {
    double mean = 0;
    for (int j = 0; j < d; j++) mean += x[j];
    mean /= d;
    double var = 0;
    for (int j = 0; j < d; j++) var += (x[j] - mean) * (x[j] - mean);
    return {mean, var / d};
}

} // namespace ref
