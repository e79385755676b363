// Runs every kernel of kernels/*.cu in the host CUDA model (cuda_host.h) on small batches chosen to hit the edges of
// the launch contracts (prompts of 1, 31, 32, 33, 70 tokens; dHead 8 and 80; grids smaller than the data) and checks
// the results against reference.h: bit for bit where the kernel promises the CPU's bits, within the float error
// bound of the sum otherwise. Prints one line per check and "N passed, N failed".
#include "cuda_host.h"

#include "../attention.cu"
#include "../elementwise.cu"
#include "../embedding.cu"
#include "../gelu.cu"
#include "../layernorm.cu"
#include "../patch.cu"

#include "reference.h"

#include <unistd.h>

#include <cstdint>
#include <random>
#include <string>

using ref::Floats;
using ref::Layout;

static int passed = 0;
static int failed = 0;
static std::mt19937 rng(20240611);

static void report(const std::string& name, const std::string& problem) {
    if (problem.empty()) {
        passed++;
        std::printf("ok   %s\n", name.c_str());
    } else {
        failed++;
        std::printf("FAIL %s: %s\n", name.c_str(), problem.c_str());
    }
}

static Floats normal(size_t n, float sd = 1.0f) {
    std::normal_distribution<float> g(0.0f, sd);
    Floats v(n);
    for (auto& x : v) x = g(rng);
    return v;
}

static bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

static std::string at(const char* what, long long i, double got, double want) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s[%lld] = %.9g, want %.9g", what, i, got, want);
    return buf;
}

// First element whose bits differ, or "".
static std::string exact(const Floats& got, const Floats& want, const char* what = "out") {
    if (got.size() != want.size()) return "size differs";
    for (size_t i = 0; i < got.size(); i++)
        if (!sameBits(got[i], want[i])) return at(what, (long long) i, got[i], want[i]);
    return "";
}

// |got − want| ≤ rel · bound: bound is the magnitude of the terms the value is a sum of, so rel is the float
// error bound of such a sum (terms · 2^-24 with a margin).
static std::string within(float got, double want, double bound, double rel, const char* what, long long i) {
    if (std::isnan(got) || std::fabs(got - want) > rel * bound + 1e-30) return at(what, i, got, want);
    return "";
}

static dim3 grid1(long long n, unsigned cap) { return dim3((unsigned) std::min<long long>((n + 255) / 256, cap)); }

// ---- elementwise ----

static void testElementwise() {
    const long long n = 1000;
    Floats a = normal(n), b = normal(n), out(n);
    emu::launch(dim3(2), dim3(256), [&] { add(a.data(), b.data(), out.data(), n); }); // grid-stride: 512 < n
    Floats want(n);
    for (long long i = 0; i < n; i++) want[i] = a[i] + b[i];
    report("add", exact(out, want));
    Floats alias = a;
    emu::launch(dim3(4), dim3(256), [&] { add(alias.data(), b.data(), alias.data(), n); });
    report("add with out aliasing a", exact(alias, want));

    Floats y = normal(n), y0 = y;
    emu::launch(dim3(1), dim3(256), [&] { axpy(-0.37f, a.data(), y.data(), n); });
    for (long long i = 0; i < n; i++) want[i] = std::fma(a[i], -0.37f, y0[i]);
    report("axpy (one rounding, as the CPU's fma)", exact(y, want));

    Floats f = normal(200), f0 = f;
    emu::launch(dim3(1), dim3(32), [&] { fill(f.data(), 7, 100, 2.5f); });
    for (int i = 0; i < 200; i++) f0[i] = i >= 7 && i < 107 ? 2.5f : f0[i];
    report("fill [7, 107) only", exact(f, f0));

    const int rows = 5, cols = 37, srcLd = 50, dstLd = 40;
    Floats src = normal(3 + rows * srcLd), dst = normal(11 + rows * dstLd), dstWant = dst;
    emu::launch(dim3(1), dim3(64), [&] { copy2d(src.data(), 3, srcLd, dst.data(), 11, dstLd, rows, cols); });
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) dstWant[11 + r * dstLd + c] = src[3 + r * srcLd + c];
    report("copy2d strided block, rest untouched", exact(dst, dstWant));

    const int heads = 3, width = 45, hr = 7;
    Floats result = normal((size_t) hr * heads * width);
    for (int acc = 0; acc < 2; acc++) {
        Floats o = normal((size_t) hr * width), ow(o);
        emu::launch(dim3(1), dim3(64), [&] { sumHeads(result.data(), hr, heads, width, o.data(), acc); });
        for (int r = 0; r < hr; r++)
            for (int c = 0; c < width; c++) {
                float s = acc ? ow[r * width + c] : 0.0f;
                for (int h = 0; h < heads; h++) s += result[(r * heads + h) * width + c];
                ow[r * width + c] = s;
            }
        report(acc ? "sumHeads accumulate (CPU order, exact)" : "sumHeads overwrite (CPU order, exact)", exact(o, ow));
    }
}

// ---- embedding ----

static void testEmbedding() {
    const int tableRows = 10, width = 300, count = 12;
    Floats table = normal((size_t) tableRows * width);
    std::vector<int> index = {3, 0, 9, 3, 3, 7, 1, 0, 9, 2, 5, 3};
    Floats out((size_t) count * width), want(out.size());
    emu::launch(dim3(3), dim3(256), [&] { gatherRows(table.data(), width, index.data(), count, out.data()); });
    for (int r = 0; r < count; r++)
        for (int c = 0; c < width; c++) want[(size_t) r * width + c] = table[(size_t) index[r] * width + c];
    report("gatherRows with repeated rows", exact(out, want));

    Floats src = normal((size_t) count * width);
    for (unsigned slices : {1u, 3u, 64u}) {
        Floats o = normal((size_t) tableRows * width), ow = o;
        emu::launch(dim3((width + 255) / 256, slices), dim3(256),
                    [&] { scatterAddRows(src.data(), width, index.data(), count, o.data()); });
        for (int r = 0; r < count; r++)
            for (int c = 0; c < width; c++) ow[(size_t) index[r] * width + c] += src[(size_t) r * width + c];
        report("scatterAddRows repeated rows, " + std::to_string(slices) + " slices (CPU order, exact)", exact(o, ow));
    }
}

// ---- layernorm ----

static void testLayerNorm() {
    const float eps = 1e-5f;
    for (int d : {40, 768}) {
        const int rows = 11;
        Floats x = normal((size_t) rows * d, 2.0f), w = normal(d), b = normal(d), dOut = normal((size_t) rows * d);
        for (int j = 0; j < d; j++) x[j] += 30.0f; // a row far from 0: the two-pass variance must not cancel
        std::string tag = " d=" + std::to_string(d);

        Floats scale(rows), scale64(rows);
        emu::launch(dim3((rows + 7) / 8), dim3(256), [&] { layerNormScale(x.data(), rows, d, eps, scale.data()); });
        emu::launch(dim3((rows + 1) / 2), dim3(64), [&] { layerNormScale(x.data(), rows, d, eps, scale64.data()); });
        std::string p;
        for (int r = 0; r < rows && p.empty(); r++) {
            ref::RowStats s = ref::rowStats(&x[(size_t) r * d], d);
            p = within(scale[r], std::sqrt(s.var + eps), std::sqrt(s.var + eps), 1e-5, "scale", r);
        }
        report("layerNormScale" + tag, p);
        report("layerNormScale same bits with 2 or 8 rows per block" + tag, exact(scale64, scale));

        Floats out((size_t) rows * d);
        emu::launch(dim3((rows + 7) / 8), dim3(256),
                    [&] { layerNormApply(x.data(), scale.data(), w.data(), b.data(), rows, d, out.data()); });
        p.clear();
        for (int r = 0; r < rows && p.empty(); r++) {
            ref::RowStats s = ref::rowStats(&x[(size_t) r * d], d);
            for (int j = 0; j < d && p.empty(); j++) {
                double xhat = (x[(size_t) r * d + j] - s.mean) / scale[r];
                double want = xhat * w[j] + b[j];
                p = within(out[(size_t) r * d + j], want, 1 + std::fabs(xhat * w[j]) + std::fabs(b[j]), 2e-6, "out",
                           (long long) r * d + j);
            }
        }
        report("layerNormApply" + tag, p);
        Floats inPlace = x;
        emu::launch(dim3((rows + 7) / 8), dim3(256),
                    [&] { layerNormApply(inPlace.data(), scale.data(), w.data(), b.data(), rows, d, inPlace.data()); });
        report("layerNormApply in place" + tag, exact(inPlace, out));

        Floats dX = normal((size_t) rows * d), dX0 = dX, dScale(rows);
        emu::launch(dim3((rows + 7) / 8), dim3(256), [&] {
            layerNormApplyBackward(x.data(), scale.data(), w.data(), dOut.data(), rows, d, dX.data(), dScale.data());
        });
        p.clear();
        for (int r = 0; r < rows && p.empty(); r++) {
            const float* xr = &x[(size_t) r * d];
            ref::RowStats s = ref::rowStats(xr, d);
            double gMean = 0, gMag = 0, gx = 0, gxMag = 0;
            for (int j = 0; j < d; j++) {
                double g = (double) dOut[(size_t) r * d + j] * w[j];
                gMean += g;
                gMag += std::fabs(g);
                gx += g * (xr[j] - s.mean) / scale[r];
                gxMag += std::fabs(g * (xr[j] - s.mean) / scale[r]);
            }
            gMean /= d;
            p = within(dScale[r], -gx / scale[r], gxMag / scale[r], 1e-5, "dScale", r);
            for (int j = 0; j < d && p.empty(); j++) {
                double g = (double) dOut[(size_t) r * d + j] * w[j];
                double delta = (g - gMean) / scale[r];
                p = within(dX[(size_t) r * d + j], dX0[(size_t) r * d + j] + delta,
                           std::fabs(dX0[(size_t) r * d + j]) + (std::fabs(g) + gMag / d) / scale[r], 2e-6, "dX",
                           (long long) r * d + j);
            }
        }
        report("layerNormApplyBackward (dX accumulated, dScale)" + tag, p);

        Floats dX2 = normal((size_t) rows * d), dX20 = dX2;
        emu::launch(dim3((rows + 7) / 8), dim3(256),
                    [&] { layerNormScaleBackward(x.data(), scale.data(), dScale.data(), rows, d, dX2.data()); });
        p.clear();
        for (int r = 0; r < rows && p.empty(); r++) {
            const float* xr = &x[(size_t) r * d];
            ref::RowStats s = ref::rowStats(xr, d);
            for (int j = 0; j < d && p.empty(); j++) {
                double delta = dScale[r] * (xr[j] - s.mean) / ((double) d * scale[r]);
                p = within(dX2[(size_t) r * d + j], dX20[(size_t) r * d + j] + delta,
                           std::fabs(dX20[(size_t) r * d + j]) + std::fabs(delta) + std::fabs(dScale[r] * s.mean / d / scale[r]),
                           2e-6, "dX", (long long) r * d + j);
            }
        }
        report("layerNormScaleBackward" + tag, p);
    }
}

// ---- gelu ----

static Floats geluInputs() {
    Floats x;
    for (int i = -2560; i <= 2560; i++) x.push_back((float) i / 256.0f); // [-10, 10] in steps of 2^-8
    for (float s : {0.0f, -0.0f, 1e-30f, -1e-30f, 50.0f, -50.0f, 1e30f, -1e30f, 3.4e38f, -3.4e38f})
        x.push_back(s);
    return x;
}

static void testGelu() {
    Floats x = geluInputs();
    long long n = (long long) x.size();
    Floats out(n), dY = normal(n), dX(n);
    emu::launch(grid1(n, 4), dim3(256), [&] { geluNew(x.data(), out.data(), n); });
    emu::launch(grid1(n, 4), dim3(256), [&] { geluNewBackward(x.data(), dY.data(), dX.data(), n); });
    std::string p, pb;
    for (long long i = 0; i < n; i++) {
        double xi = x[i];
        if (std::fabs(xi) > 1e4) { // tails: gelu(x) = x for large x, −0 / tiny for very negative x
            double want = xi > 0 ? xi : 0.0;
            if (p.empty() && std::fabs(out[i] - want) > 1e-6 * std::fabs(xi)) p = at("gelu", i, out[i], want);
            double dwant = xi > 0 ? dY[i] : 0.0;
            if (pb.empty() && std::fabs(dX[i] - dwant) > 1e-6) pb = at("dX", i, dX[i], dwant);
            continue;
        }
        if (p.empty()) p = within(out[i], ref::geluNew(xi), std::fabs(xi), 1e-6, "gelu", i);
        if (pb.empty())
            pb = within(dX[i], dY[i] * ref::geluNewDerivative(xi), std::fabs(dY[i]) * (1 + std::fabs(xi)), 2e-6, "dX", i);
    }
    report("geluNew vs 0.5x(1+tanh(...)) in double", p);
    report("geluNewBackward vs the derivative in double", pb);
    Floats inPlace = x;
    emu::launch(grid1(n, 4), dim3(256), [&] { geluNew(inPlace.data(), inPlace.data(), n); });
    report("geluNew in place", exact(inPlace, out));

    // The bits of geluNew and of geluNewBackward with dOut = 1, one hex word a line, for run.sh to compare with
    // CpuKernels (same inputs, GeluOnCpu.java) when the Java classes are built.
    if (const char* path = std::getenv("GELU_BITS_OUT")) {
        Floats ones(n, 1.0f), grad(n);
        emu::launch(grid1(n, 4), dim3(256), [&] { geluNewBackward(x.data(), ones.data(), grad.data(), n); });
        FILE* f = std::fopen(path, "w");
        for (const Floats* v : {&out, &grad})
            for (float e : *v) {
                uint32_t bits;
                std::memcpy(&bits, &e, sizeof bits);
                std::fprintf(f, "%08x\n", bits);
            }
        std::fclose(f);
    }
}

// ---- attention ----

struct Qkv {
    int dHead, nHeads, ld;
    long long qOff, kOff, vOff;
    Floats buf;
};

// A fused [rows, 3·d + 5] buffer with q, k, v at column offsets 2, 2 + d and 2 + 2d: odd stride and offsets, so a
// kernel that assumed ld == 3·d or a zero offset would read the wrong columns.
static Qkv makeQkv(const Layout& lay, int dHead) {
    Qkv a;
    a.dHead = dHead;
    a.nHeads = lay.nHeads;
    int d = lay.nHeads * dHead;
    a.ld = 3 * d + 5;
    a.qOff = 2;
    a.kOff = 2 + d;
    a.vOff = 2 + 2 * d;
    a.buf = normal((size_t) lay.rows * a.ld);
    return a;
}

static void attnLaunch(const Layout& lay, unsigned z, const std::function<void()>& body) {
    emu::launch(dim3((unsigned) lay.tiles(), (unsigned) lay.nHeads, z), dim3(256), body);
}

static const float SENTINEL = 12345.0f;

// Checks that every element outside the given column block of a [rows, ld] buffer still holds SENTINEL.
static std::string untouchedOutside(const Floats& buf, int rows, int ld, long long off, int width) {
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < ld; c++) {
            bool inside = c >= off && c < off + width;
            if (!inside && buf[(size_t) r * ld + c] != SENTINEL)
                return at("outside the output columns", (long long) r * ld + c, buf[(size_t) r * ld + c], SENTINEL);
        }
    return "";
}

static void testAttention(int dHead) {
    Layout lay({1, 5, 16, 31, 32, 33, 70}, 3);
    Qkv x = makeQkv(lay, dHead);
    const int H = lay.nHeads, d = H * dHead;
    const unsigned zc = (unsigned) ((dHead + 63) / 64);
    const double scale = ref::headScale(dHead);
    const double u = 1.0 / (1 << 24);
    std::string tag = " dHead=" + std::to_string(dHead);
    auto row = [&](long long off, int p, int i) { return &x.buf[(size_t) ((lay.rowStart[p] + i) * (long long) x.ld + off)]; };

    // scores
    Floats scores(lay.attnSize, NAN);
    attnLaunch(lay, 1, [&] {
        attentionScores(x.buf.data(), x.qOff, x.buf.data(), x.kOff, x.ld, dHead, lay.len.data(), lay.rowStart.data(),
                        lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), scores.data());
    });
    std::string p;
    for (int pr = 0; pr < lay.prompts() && p.empty(); pr++)
        for (int h = 0; h < H && p.empty(); h++)
            for (int i = 0; i < lay.len[pr] && p.empty(); i++)
                for (int j = 0; j < lay.len[pr] && p.empty(); j++) {
                    long long e = lay.block(pr, h) + (long long) i * lay.len[pr] + j;
                    if (j > i) {
                        if (!(std::isinf(scores[e]) && scores[e] < 0)) p = at("masked score", e, scores[e], -INFINITY);
                        continue;
                    }
                    ref::Value v = ref::dot(row(x.qOff + h * dHead, pr, i), row(x.kOff + h * dHead, pr, j), dHead);
                    p = within(scores[e], v.v * scale, v.mag * scale, (dHead + 2) * u, "score", e);
                }
    report("attentionScores (causal, -inf above the diagonal, every entry written)" + tag, p);

    // softmax, with patched-looking inputs: finite values above the diagonal (must be ignored) and one row whose
    // allowed entries are all -inf (must become 0)
    Floats s2 = scores;
    for (long long e = 0; e < lay.attnSize; e++)
        if (std::isinf(s2[e])) s2[e] = 3.0f;
    const int deadP = 5, deadH = 1, deadRow = 20;
    for (int j = 0; j <= deadRow; j++) s2[lay.block(deadP, deadH) + (long long) deadRow * lay.len[deadP] + j] = -INFINITY;
    Floats pattern(lay.attnSize, NAN);
    attnLaunch(lay, 1, [&] {
        causalSoftmax(s2.data(), lay.len.data(), lay.rowStart.data(), lay.attnStart.data(), lay.tileStart.data(),
                      lay.prompts(), pattern.data());
    });
    p.clear();
    for (int pr = 0; pr < lay.prompts() && p.empty(); pr++)
        for (int h = 0; h < H && p.empty(); h++)
            for (int i = 0; i < lay.len[pr] && p.empty(); i++) {
                long long r0 = lay.block(pr, h) + (long long) i * lay.len[pr];
                bool dead = pr == deadP && h == deadH && i == deadRow;
                double mx = -INFINITY, total = 0;
                for (int j = 0; j <= i; j++) mx = std::max(mx, (double) s2[r0 + j]);
                for (int j = 0; j <= i; j++) total += std::exp((double) s2[r0 + j] - mx);
                for (int j = 0; j < lay.len[pr] && p.empty(); j++) {
                    double want = dead || j > i ? 0.0 : std::exp((double) s2[r0 + j] - mx) / total;
                    if (want == 0.0) {
                        if (!sameBits(pattern[r0 + j], 0.0f)) p = at("pattern (exact 0)", r0 + j, pattern[r0 + j], 0);
                    } else {
                        p = within(pattern[r0 + j], want, want, 1e-5, "pattern", r0 + j);
                    }
                }
            }
    report("causalSoftmax (masked and all -inf rows give 0, entries above the diagonal ignored)" + tag, p);
    Floats aliased = s2;
    attnLaunch(lay, 1, [&] {
        causalSoftmax(aliased.data(), lay.len.data(), lay.rowStart.data(), lay.attnStart.data(), lay.tileStart.data(),
                      lay.prompts(), aliased.data());
    });
    report("causalSoftmax in place" + tag, exact(aliased, pattern));

    // a pattern with weight above the diagonal (as after a patch): the mix and its backward read the full block
    Floats pat = pattern;
    std::uniform_real_distribution<float> uni(0.0f, 0.5f);
    for (long long e = 0; e < lay.attnSize; e++)
        if (pat[e] == 0.0f) pat[e] = uni(rng);
    Floats z((size_t) lay.rows * d, NAN);
    attnLaunch(lay, zc, [&] {
        attentionMix(pat.data(), x.buf.data(), x.vOff, x.ld, dHead, lay.len.data(), lay.rowStart.data(),
                     lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), z.data());
    });
    p.clear();
    for (int pr = 0; pr < lay.prompts() && p.empty(); pr++)
        for (int h = 0; h < H && p.empty(); h++)
            for (int i = 0; i < lay.len[pr] && p.empty(); i++)
                for (int c = 0; c < dHead && p.empty(); c++) {
                    int L = lay.len[pr];
                    const float* prow = &pat[lay.block(pr, h) + (long long) i * L];
                    ref::Value v = ref::dot(prow, row(x.vOff + h * dHead + c, pr, 0), L, x.ld);
                    long long e = (long long) (lay.rowStart[pr] + i) * d + h * dHead + c;
                    p = within(z[e], v.v, v.mag, (L + 2) * u, "z", e);
                }
    report("attentionMix over the full block (entries above the diagonal count)" + tag, p);

    // backward: dZ, then dPattern (full block), dV into the v columns of a fused gradient buffer
    Floats dZ = normal((size_t) lay.rows * d);
    Floats dPattern(lay.attnSize, NAN);
    attnLaunch(lay, 1, [&] {
        attentionMixBackwardPattern(x.buf.data(), x.vOff, x.ld, dZ.data(), dHead, lay.len.data(), lay.rowStart.data(),
                                    lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), dPattern.data());
    });
    p.clear();
    for (int pr = 0; pr < lay.prompts() && p.empty(); pr++)
        for (int h = 0; h < H && p.empty(); h++)
            for (int i = 0; i < lay.len[pr] && p.empty(); i++)
                for (int j = 0; j < lay.len[pr] && p.empty(); j++) {
                    long long e = lay.block(pr, h) + (long long) i * lay.len[pr] + j;
                    ref::Value v = ref::dot(&dZ[(size_t) (lay.rowStart[pr] + i) * d + h * dHead],
                                            row(x.vOff + h * dHead, pr, j), dHead);
                    p = within(dPattern[e], v.v, v.mag, (dHead + 2) * u, "dPattern", e);
                }
    report("attentionMixBackwardPattern (full block, above the diagonal too)" + tag, p);

    Floats dQkv((size_t) lay.rows * x.ld, SENTINEL);
    attnLaunch(lay, zc, [&] {
        attentionMixBackwardValue(pat.data(), dZ.data(), dHead, lay.len.data(), lay.rowStart.data(),
                                  lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), dQkv.data(), x.vOff, x.ld);
    });
    p = untouchedOutside(dQkv, lay.rows, x.ld, x.vOff, d);
    for (int pr = 0; pr < lay.prompts() && p.empty(); pr++)
        for (int h = 0; h < H && p.empty(); h++)
            for (int j = 0; j < lay.len[pr] && p.empty(); j++)
                for (int c = 0; c < dHead && p.empty(); c++) {
                    int L = lay.len[pr];
                    ref::Value v; // column j of the pattern against column c of dZ
                    for (int i = 0; i < L; i++) {
                        double t = (double) pat[lay.block(pr, h) + (long long) i * L + j] *
                                   dZ[(size_t) (lay.rowStart[pr] + i) * d + h * dHead + c];
                        v.v += t;
                        v.mag += std::fabs(t);
                    }
                    long long e = (long long) (lay.rowStart[pr] + j) * x.ld + x.vOff + h * dHead + c;
                    p = within(dQkv[e], v.v, v.mag, (L + 2) * u, "dV", e);
                }
    report("attentionMixBackwardValue into the v columns of a fused buffer" + tag, p);

    // softmax backward, in place too
    Floats dScores(lay.attnSize, NAN);
    attnLaunch(lay, 1, [&] {
        causalSoftmaxBackward(pattern.data(), dPattern.data(), lay.len.data(), lay.rowStart.data(),
                              lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), dScores.data());
    });
    p.clear();
    for (int pr = 0; pr < lay.prompts() && p.empty(); pr++)
        for (int h = 0; h < H && p.empty(); h++)
            for (int i = 0; i < lay.len[pr] && p.empty(); i++) {
                long long r0 = lay.block(pr, h) + (long long) i * lay.len[pr];
                double dot = 0, mag = 0;
                for (int j = 0; j <= i; j++) {
                    dot += (double) pattern[r0 + j] * dPattern[r0 + j];
                    mag += std::fabs((double) pattern[r0 + j] * dPattern[r0 + j]);
                }
                for (int j = 0; j < lay.len[pr] && p.empty(); j++) {
                    if (j > i) {
                        if (!sameBits(dScores[r0 + j], 0.0f)) p = at("dScores (exact 0)", r0 + j, dScores[r0 + j], 0);
                        continue;
                    }
                    double want = pattern[r0 + j] * (dPattern[r0 + j] - dot);
                    double bound = std::fabs(pattern[r0 + j]) * (std::fabs(dPattern[r0 + j]) + mag);
                    p = within(dScores[r0 + j], want, bound, (i + 4) * u, "dScores", r0 + j);
                }
            }
    report("causalSoftmaxBackward (0 where masked)" + tag, p);
    Floats dsAlias = dPattern;
    attnLaunch(lay, 1, [&] {
        causalSoftmaxBackward(pattern.data(), dsAlias.data(), lay.len.data(), lay.rowStart.data(),
                              lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), dsAlias.data());
    });
    report("causalSoftmaxBackward in place" + tag, exact(dsAlias, dScores));

    // scores backward into the q and k columns of a fused gradient buffer; a dS with weight above the diagonal
    Floats dS = normal(lay.attnSize);
    Floats dq((size_t) lay.rows * x.ld, SENTINEL);
    attnLaunch(lay, zc, [&] {
        attentionScoresBackwardQuery(x.buf.data(), x.kOff, x.ld, dHead, dS.data(), lay.len.data(), lay.rowStart.data(),
                                     lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), dq.data(), x.qOff);
    });
    attnLaunch(lay, zc, [&] {
        attentionScoresBackwardKey(x.buf.data(), x.qOff, x.ld, dHead, dS.data(), lay.len.data(), lay.rowStart.data(),
                                   lay.attnStart.data(), lay.tileStart.data(), lay.prompts(), dq.data(), x.kOff);
    });
    p = untouchedOutside(dq, lay.rows, x.ld, x.qOff, 2 * d);
    std::string pk;
    for (int pr = 0; pr < lay.prompts(); pr++)
        for (int h = 0; h < H; h++)
            for (int a = 0; a < lay.len[pr]; a++)
                for (int c = 0; c < dHead; c++) {
                    int L = lay.len[pr];
                    ref::Value vq, vk;
                    for (int b = 0; b < L; b++) {
                        double tq = (double) dS[lay.block(pr, h) + (long long) a * L + b] * row(x.kOff + h * dHead + c, pr, b)[0];
                        double tk = (double) dS[lay.block(pr, h) + (long long) b * L + a] * row(x.qOff + h * dHead + c, pr, b)[0];
                        vq.v += tq;
                        vq.mag += std::fabs(tq);
                        vk.v += tk;
                        vk.mag += std::fabs(tk);
                    }
                    long long r = (long long) (lay.rowStart[pr] + a) * x.ld;
                    long long eq = r + x.qOff + h * dHead + c, ek = r + x.kOff + h * dHead + c;
                    if (p.empty()) p = within(dq[eq], vq.v * scale, vq.mag * scale, (L + 3) * u, "dQ", eq);
                    if (pk.empty()) pk = within(dq[ek], vk.v * scale, vk.mag * scale, (L + 3) * u, "dK", ek);
                }
    report("attentionScoresBackwardQuery (full block) into the q columns" + tag, p);
    report("attentionScoresBackwardKey (full block) into the k columns" + tag, pk);
}

// ---- patch ----

struct Segs {
    std::vector<long long> dst, src, start;
    std::vector<int> len;
    std::vector<float> alpha;
    void add(long long d, long long s, int l, float a) {
        if (start.empty()) start.push_back(0);
        dst.push_back(d);
        src.push_back(s);
        len.push_back(l);
        alpha.push_back(a);
        start.push_back(start.back() + l);
    }
    int count() const { return (int) dst.size(); }
};

// CpuKernels.patch, segment by segment.
static void patchRef(Floats& d, const Floats& s, const Segs& g, int mode) {
    for (int k = 0; k < g.count(); k++)
        for (int j = 0; j < g.len[k]; j++) {
            float& e = d[(size_t) (g.dst[k] + j)];
            float v = mode == CL_PATCH_ZERO ? 0.0f : s[(size_t) (g.src[k] + j)];
            e = mode == CL_PATCH_ZERO ? 0.0f : mode == CL_PATCH_BLEND ? ref::blend(e, v, g.alpha[k]) : e + g.alpha[k] * v;
        }
}

static void testPatch() {
    const size_t n = 10000;
    Segs g;
    g.add(100, 6000, 3000, 0.3f); // one long run, interpolated
    g.add(3200, 10, 0, 0.5f);     // an empty segment
    for (int i = 0; i < 50; i++) g.add(3300 + 3 * i, 20 + i, 1, 1.0f); // single neurons, full patch
    g.add(3500, 5200, 64, 0.7f);  // src values equal to dst (−∞ among them): BLEND leaves them as they are
    g.add(3700, 5100, 40, 1.0f);  // alpha = 1 over −∞ and NaN: src bit for bit
    g.add(3800, 5300, 64, 0.25f); // a short interpolated run
    const char* names[] = {"BLEND", "ADD", "ZERO"};
    for (int mode = 0; mode < 3; mode++) {
        Floats dst = normal(n), src = normal(n);
        for (int j = 0; j < 64; j += 2) dst[3500 + j] = -INFINITY;
        for (int j = 0; j < 64; j++) src[5200 + j] = dst[3500 + j];
        for (int j = 0; j < 40; j++) dst[3700 + j] = j % 3 ? NAN : -INFINITY;
        Floats want = dst;
        patchRef(want, src, g, mode);
        Floats out = dst;
        bool zero = mode == CL_PATCH_ZERO;
        emu::launch(dim3(3), dim3(256), [&] { // 768 threads for 4114 elements: the grid-stride loop
            patch(out.data(), zero ? nullptr : src.data(), g.dst.data(), zero ? nullptr : g.src.data(), g.start.data(),
                  g.alpha.data(), g.count(), mode);
        });
        report(std::string("patch ") + names[mode] + " (CPU's arithmetic bit for bit; untouched outside the segments)",
               exact(out, want));
    }

    for (int mode = 0; mode < 3; mode++) {
        Floats grad = normal(n);
        grad[150] = NAN;
        grad[3300] = INFINITY;
        Floats want = grad;
        if (mode != CL_PATCH_ADD)
            for (int k = 0; k < g.count(); k++) {
                float keep = mode == CL_PATCH_ZERO ? 0.0f : 1.0f - g.alpha[k];
                for (int j = 0; j < g.len[k]; j++) want[(size_t) (g.dst[k] + j)] *= keep;
            }
        emu::launch(dim3(2), dim3(256), [&] {
            patchBackward(grad.data(), g.dst.data(), g.start.data(), g.alpha.data(), g.count(), mode);
        });
        report(std::string("patchBackward ") + names[mode] + " (as the CPU: times 1 - alpha, times 0, or untouched)",
               exact(grad, want));
    }
}

int main() {
    alarm(600); // a lane left out of a shuffle or a barrier would otherwise wait forever
    testElementwise();
    testEmbedding();
    testLayerNorm();
    testGelu();
    testAttention(8);
    testAttention(80);
    testPatch();
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
