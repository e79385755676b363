// Runs every kernel of kernels/*.cu in the host CUDA model (cuda_host.h) on small batches chosen to hit the edges of
// the launch contracts (prompts of 1, 31, 32, 33, 70 tokens; dHead 8 and 80; grids smaller than the data; more rows
// than one scan block) and checks the results against reference.h: bit for bit where the kernel promises the CPU's
// bits, within the float error bound of the sum otherwise. Prints one line per check and "N passed, N failed".
#include "cuda_host.h"

#include "../attention.cu"
#include "../elementwise.cu"
#include "../embedding.cu"
#include "../gelu.cu"
#include "../layernorm.cu"
#include "../metric.cu"
#include "../patch.cu"
#include "../reduce.cu"
#include "../rows.cu"

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

    Floats prod(n);
    emu::launch(dim3(3), dim3(256), [&] { mul(a.data(), b.data(), prod.data(), n); });
    for (long long i = 0; i < n; i++) want[i] = a[i] * b[i];
    report("mul", exact(prod, want));
    Floats square = a;
    emu::launch(dim3(1), dim3(128), [&] { mul(square.data(), square.data(), square.data(), n); });
    for (long long i = 0; i < n; i++) want[i] = a[i] * a[i];
    report("mul with out aliasing both inputs", exact(square, want));

    Floats cp = normal(n), cpWant = cp;
    emu::launch(dim3(1), dim3(64), [&] { copy(a.data(), 17, cp.data(), 500, 333); });
    for (int i = 0; i < 333; i++) cpWant[500 + i] = a[17 + i];
    report("copy [17, 350) to [500, 833), rest untouched", exact(cp, cpWant));

    const int bRows = 6, bCols = 37, ldc = 41;
    Floats bias = normal(5 + bCols);
    for (int acc = 0; acc < 2; acc++) {
        Floats c = normal((size_t) 3 + bRows * ldc), cw = c;
        emu::launch(dim3(1), dim3(64), [&] { biasRows(c.data(), 3, ldc, bRows, bCols, bias.data(), 5, acc); });
        for (int r = 0; r < bRows; r++)
            for (int j = 0; j < bCols; j++) {
                float& e = cw[3 + (size_t) r * ldc + j];
                e = acc ? e + bias[5 + j] : bias[5 + j];
            }
        report(acc ? "biasRows accumulate (strided, rest untouched)" : "biasRows overwrite (strided, rest untouched)", exact(c, cw));
    }

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


// ---- patch segment starts ----

static void testSegmentStarts() {
    for (int count : {1, 5, 256, 700}) {
        std::vector<int> length(count);
        std::uniform_int_distribution<int> l(0, 40);
        for (auto& x : length) x = l(rng);
        std::vector<long long> starts(count + 1, -1), want(count + 1, 0);
        for (int g = 0; g < count; g++) want[g + 1] = want[g] + length[g];
        emu::launch(dim3(1), dim3(CL_SCAN), [&] { segmentStarts(length.data(), count, starts.data()); });
        std::string p;
        for (int g = 0; g <= count && p.empty(); g++)
            if (starts[g] != want[g]) p = at("elemStart", g, (double) starts[g], (double) want[g]);
        report("segmentStarts over " + std::to_string(count) + " segments (chunks of 256 threads)", p);
    }
}

// ---- prompt rows ----

struct DeviceLayout {
    std::vector<int> len, off, rowStart, tileStart;
    std::vector<long long> attnStart;
    explicit DeviceLayout(int n) : len(n, -1), off(n, -1), rowStart(n + 1, -1), tileStart(n + 1, -1), attnStart(n + 1, -1) {}

    // layoutTables into these tables (one block of CL_SCAN threads)
    void build(const int* srcLen, const int* srcFirst, const int* map, const int* first, int firstByRow, int n) {
        emu::launch(dim3(1), dim3(CL_SCAN), [&] {
            layoutTables(srcLen, srcFirst, map, first, firstByRow, n, 12, len.data(), off.data(), rowStart.data(), attnStart.data(),
                         tileStart.data());
        });
    }
};

// A layout's device tables against ref::Layout (BatchLayout.of / windows plus the tile table), totals included.
static std::string sameTables(const DeviceLayout& d, const Layout& want) {
    int n = want.prompts();
    for (int i = 0; i < n; i++) {
        if (d.len[i] != want.len[i]) return at("len", i, d.len[i], want.len[i]);
        if (d.off[i] != want.off[i]) return at("offset", i, d.off[i], want.off[i]);
        if (d.rowStart[i] != want.rowStart[i]) return at("rowStart", i, d.rowStart[i], want.rowStart[i]);
        if (d.attnStart[i] != want.attnStart[i]) return at("attnStart", i, (double) d.attnStart[i], (double) want.attnStart[i]);
    }
    for (int i = 0; i <= n; i++)
        if (d.tileStart[i] != want.tileStart[i]) return at("tileStart", i, d.tileStart[i], want.tileStart[i]);
    if (d.rowStart[n] != want.rows) return at("rowStart (total)", n, d.rowStart[n], want.rows);
    if (d.attnStart[n] != want.attnSize) return at("attnStart (total)", n, (double) d.attnStart[n], (double) want.attnSize);
    return "";
}

static void testLayoutTables() {
    std::uniform_int_distribution<int> l(1, 70);
    std::vector<int> lengths(300);
    for (auto& x : lengths) x = l(rng);
    lengths[0] = 1;
    lengths[299] = 64;
    Layout want(lengths, 12);
    DeviceLayout d(300);
    d.build(lengths.data(), nullptr, nullptr, nullptr, 1, 300);
    report("layoutTables of 300 prompts (two scan chunks) as BatchLayout.of + tile table", sameTables(d, want));

    // a window uploaded as prepare(layout) does: its lengths and offsets into len and offset, derived in place
    std::vector<int> offsets(300);
    for (int p = 0; p < 300; p++) offsets[p] = (p * 13) % lengths[p]; // 0 .. the last token
    Layout wantWindow = Layout::windows(offsets, lengths, 12);
    DeviceLayout e(300);
    e.len = wantWindow.len;
    e.off = offsets;
    e.build(e.len.data(), e.off.data(), nullptr, e.off.data(), 1, 300);
    report("layoutTables of a window with len and offset the uploaded tables themselves", sameTables(e, wantWindow));

    // rows copying prompts through a map: the layout of an IG pass (steps × prompts) or of an AP pass (repeats)
    std::vector<int> map;
    for (int r = 0; r < 520; r++) map.push_back((r * 7 + r / 3) % 300);
    std::vector<int> mapped;
    for (int p : map) mapped.push_back(lengths[p]);
    DeviceLayout m(520);
    m.build(want.len.data(), want.off.data(), map.data(), nullptr, 0, 520);
    report("layoutTables of 520 rows mapped onto prompts (derived on the device)", sameTables(m, Layout(mapped, 12)));
    DeviceLayout mw(520);
    mw.build(wantWindow.len.data(), wantWindow.off.data(), map.data(), nullptr, 0, 520);
    report("layoutTables of 520 whole rows mapped onto cached windows (the window's end is the prompt's)",
           sameTables(mw, Layout(mapped, 12)));

    // windows derived from whole cached prompts: first position per cached prompt, or per row
    std::vector<int> firstByPrompt(300), rowFirst, rowFirstVaried;
    for (int p = 0; p < 300; p++) firstByPrompt[p] = (p * 5) % lengths[p];
    for (int r = 0; r < 520; r++) {
        rowFirst.push_back(firstByPrompt[map[r]]);
        rowFirstVaried.push_back((r * 3) % lengths[map[r]]);
    }
    DeviceLayout wp(520);
    wp.build(want.len.data(), want.off.data(), map.data(), firstByPrompt.data(), 0, 520);
    report("layoutTables of 520 windows from one first position per cached prompt",
           sameTables(wp, Layout::windows(rowFirst, mapped, 12)));
    DeviceLayout wr(520);
    wr.off = rowFirstVaried;
    wr.build(want.len.data(), want.off.data(), map.data(), wr.off.data(), 1, 520);
    report("layoutTables of 520 windows from first positions per row (uploaded into offset)",
           sameTables(wr, Layout::windows(rowFirstVaried, mapped, 12)));

    DeviceLayout empty(0);
    empty.build(lengths.data(), nullptr, nullptr, nullptr, 1, 0);
    report("layoutTables of no prompts: zero totals",
           empty.rowStart[0] == 0 && empty.attnStart[0] == 0 && empty.tileStart[0] == 0 ? "" : "totals not 0");
}

static void testGridRows() {
    const int prompts = 7, count = 40;
    const long long first = 23;
    std::vector<int> prompt(count, -1), step(count, -1);
    emu::launch(dim3(1), dim3(32), [&] { gridRows(prompts, first, count, prompt.data(), step.data()); });
    std::string p;
    for (int i = 0; i < count && p.empty(); i++) {
        if (prompt[i] != (int) ((first + i) % prompts)) p = at("prompt", i, prompt[i], (double) ((first + i) % prompts));
        else if (step[i] != (int) ((first + i) / prompts)) p = at("step", i, step[i], (double) ((first + i) / prompts));
    }
    report("gridRows: rows [23, 63) of a step-major grid over 7 prompts (RowMap.grid)", p);
}

static void testLastRows() {
    Layout lay({1, 5, 33, 2}, 4);
    const int width = 45;
    Floats x = normal((size_t) lay.rows * width), out((size_t) lay.prompts() * width), want(out.size());
    emu::launch(dim3(1), dim3(64), [&] {
        gatherLastRows(x.data(), width, lay.len.data(), lay.rowStart.data(), lay.prompts(), out.data());
    });
    for (int p = 0; p < lay.prompts(); p++)
        for (int c = 0; c < width; c++)
            want[(size_t) p * width + c] = x[(size_t) (lay.rowStart[p] + lay.len[p] - 1) * width + c];
    report("gatherLastRows", exact(out, want));

    Floats g = normal((size_t) lay.rows * width), gw = g;
    emu::launch(dim3(2), dim3(32), [&] {
        scatterAddLastRows(out.data(), width, lay.len.data(), lay.rowStart.data(), lay.prompts(), g.data());
    });
    for (int p = 0; p < lay.prompts(); p++)
        for (int c = 0; c < width; c++) gw[(size_t) (lay.rowStart[p] + lay.len[p] - 1) * width + c] += out[(size_t) p * width + c];
    report("scatterAddLastRows (other rows untouched, CPU bits)", exact(g, gw));
}

// The cached prompts (from/to, with their own layout) and a pass whose rows copy them through a row map. Either
// layout may be a window (Kernels.interpolatePromptRows / groupedDot): rows end at their prompt's last token.
struct PromptCopies {
    Layout src, dst;
    std::vector<int> prompt, step;
    Floats alphas;
};

enum Windows { WHOLE, ROWS_WINDOWS, CACHE_WINDOWS, NARROWER };
static const char* windowNames[] = {"whole prompts", "window rows of whole prompts", "whole rows of cached windows",
                                    "narrower windows of wider ones"};

static PromptCopies promptCopies(int heads, Windows w = WHOLE) {
    std::vector<int> ends = {3, 1, 33, 8};
    std::vector<int> srcOff = w == CACHE_WINDOWS || w == NARROWER ? std::vector<int>{1, 0, 20, 7} : std::vector<int>(4, 0);
    PromptCopies c{Layout::windows(srcOff, ends, heads), Layout({1}, heads), {}, {}, {0.0f, 0.25f, 1.0f, 0.7f}};
    std::vector<int> rowEnds, rowOff;
    for (int i = 0; i < 10; i++) {
        int p = (i * 3) % 4;
        c.prompt.push_back(p);
        c.step.push_back(i % 4);
        rowEnds.push_back(ends[p]);
        // window rows start anywhere up to the last token, no earlier than the cache's when it is a window
        int o = w == ROWS_WINDOWS || w == NARROWER ? (i * 5) % ends[p] : 0;
        rowOff.push_back(w == NARROWER ? std::max(o, srcOff[p]) : o);
    }
    c.dst = Layout::windows(rowOff, rowEnds, heads);
    return c;
}

static void testInterpolatePromptRows() {
    const int srcLd = 29, dstLd = 23, cols = 11;
    const long long srcOff = 4, dstOff = 6;
    for (Windows w : {WHOLE, ROWS_WINDOWS, CACHE_WINDOWS, NARROWER}) {
        PromptCopies pc = promptCopies(2, w);
        Floats from = normal(srcOff + (size_t) pc.src.rows * srcLd), to = normal(from.size());
        // equal values (−∞ included) must stay as they are, not become NaN
        for (size_t i = 0; i < from.size(); i += 5) to[i] = from[i] = i % 10 ? from[i] : -INFINITY;
        for (int mode = 0; mode < 3; mode++) { // 0: blend per step, 1: from null (a copy of to), 2: alphas null (α = 1)
            const float* fr = mode == 1 ? nullptr : from.data();
            const float* al = mode == 2 ? nullptr : pc.alphas.data();
            Floats dst((size_t) dstOff + (size_t) pc.dst.rows * dstLd, SENTINEL), want = dst;
            emu::launch(dim3(1, 3), dim3(64), [&] { // fewer blocks than rows and than a row's elements
                interpolatePromptRows(dst.data(), dstOff, dstLd, pc.dst.len.data(), pc.dst.off.data(), pc.dst.rowStart.data(), fr,
                                      to.data(), srcOff, srcLd, pc.src.off.data(), pc.src.rowStart.data(), pc.prompt.data(),
                                      pc.step.data(), al, (int) pc.prompt.size(), cols);
            });
            for (size_t i = 0; i < pc.prompt.size(); i++) {
                int p = pc.prompt[i];
                float alpha = al ? al[pc.step[i]] : 1.0f;
                // the positions both hold, each at its own row of either layout
                for (int t = std::max(pc.dst.off[i], pc.src.off[p]); t < pc.dst.end((int) i); t++)
                    for (int c = 0; c < cols; c++) {
                        size_t e = srcOff + (size_t) (pc.src.rowStart[p] + t - pc.src.off[p]) * srcLd + c;
                        want[dstOff + (size_t) (pc.dst.rowStart[i] + t - pc.dst.off[i]) * dstLd + c] =
                            fr ? ref::blend(from[e], to[e], alpha) : to[e];
                    }
            }
            const char* names[] = {"blend per IG step", "from null: a copy of to", "alphas null: alpha 1, to bit for bit"};
            report(std::string("interpolatePromptRows, ") + windowNames[w] + ", " + names[mode] + " (strided views, rest untouched)",
                   exact(dst, want));
        }
    }
}

static void testInterpolatePromptBlocks() {
    const int heads = 3;
    PromptCopies pc = promptCopies(heads);
    Floats from = normal(pc.src.attnSize), to = normal(from.size());
    for (size_t i = 0; i < from.size(); i += 3) to[i] = from[i] = -INFINITY; // masked scores on both sides
    for (int first : {0, 2}) {
        int n = first == 0 ? heads : 1;
        Floats dst(pc.dst.attnSize, SENTINEL), want = dst;
        emu::launch(dim3(2, 4), dim3(32), [&] {
            interpolatePromptBlocks(dst.data(), pc.dst.len.data(), pc.dst.attnStart.data(), from.data(), to.data(),
                                    pc.src.attnStart.data(), pc.prompt.data(), pc.step.data(), pc.alphas.data(),
                                    (int) pc.prompt.size(), first, n);
        });
        for (size_t i = 0; i < pc.prompt.size(); i++) {
            int p = pc.prompt[i];
            long long block = (long long) pc.dst.len[i] * pc.dst.len[i];
            for (long long e = 0; e < n * block; e++) {
                long long se = pc.src.attnStart[p] + first * block + e;
                want[pc.dst.attnStart[i] + first * block + e] = ref::blend(from[se], to[se], pc.alphas[pc.step[i]]);
            }
        }
        report(std::string("interpolatePromptBlocks, ") + (n == heads ? "all heads" : "head 2 alone") +
                   " (masked -inf stays -inf, other heads untouched)",
               exact(dst, want));
    }
}

// ---- metric ----

// CpuMetric.Softmax, in long double (an independent, more precise reference).
struct RefSoftmax {
    long double max, logSum;
    explicit RefSoftmax(const float* z, int vocab) {
        max = -INFINITY;
        for (int v = 0; v < vocab; v++) max = std::max(max, (long double) z[v]);
        long double sum = 0;
        for (int v = 0; v < vocab; v++) sum += std::exp((long double) z[v] - max);
        logSum = std::log(sum);
    }
    long double logProb(float z) const { return ((long double) z - max) - logSum; }
};

static void testMetric() {
    const int vocab = 1000, prompts = 3, rows = 7;
    std::vector<int> prompt = {0, 1, 2, 2, 0, 1, 2};
    // prompt 1 lists token 5 twice (it counts twice); prompt 2 has no answer tokens
    std::vector<int> start = {0, 3, 6, 6}, ids = {10, 20, 999, 5, 7, 5};
    std::vector<double> weights = {1.0, -1.0, 0.5, 0.25, -2.0, 0.75};
    Floats logits = normal((size_t) rows * vocab, 3.0f), reference = normal((size_t) prompts * vocab, 3.0f);
    for (int v = 0; v < vocab; v++) logits[(size_t) 3 * vocab + v] *= 4000.0f; // logits of ±1e4: log-probabilities stay accurate
    logits[(size_t) 4 * vocab + 3] = -INFINITY;                                 // a token with probability 0
    reference[(size_t) 1 * vocab + 8] = -200.0f;                                // a reference probability that underflows
    std::vector<double> stats(2 * prompts);
    emu::launch(dim3(2), dim3(CL_METRIC), [&] { metricReference(reference.data(), prompts, vocab, stats.data()); });
    std::string ps;
    for (int p = 0; p < prompts && ps.empty(); p++) {
        RefSoftmax r(&reference[(size_t) p * vocab], vocab);
        if (std::fabs(stats[2 * p] - (double) r.max) > 0) ps = at("max", p, stats[2 * p], (double) r.max);
        else ps = within((float) stats[2 * p + 1], (double) r.logSum, std::fabs((double) r.logSum) + 1, 1e-7, "logSum", p);
    }
    report("metricReference (max, log-sum-exp per prompt)", ps);

    const char* names[] = {"LOGITS", "PROBS", "KL", "KL_MEAN"};
    for (int kind = 0; kind < 4; kind++) {
        Floats values(rows, NAN), grad((size_t) rows * vocab, NAN), valuesOnly(rows, NAN);
        emu::launch(dim3(3), dim3(CL_METRIC), [&] {
            metric(kind, logits.data(), rows, vocab, prompt.data(), start.data(), ids.data(), weights.data(), reference.data(),
                   stats.data(), values.data(), grad.data());
        });
        emu::launch(dim3(8), dim3(CL_METRIC), [&] { // more blocks than rows; no gradient
            metric(kind, logits.data(), rows, vocab, prompt.data(), start.data(), ids.data(), weights.data(), reference.data(),
                   stats.data(), valuesOnly.data(), nullptr);
        });
        std::string p, pg;
        for (int r = 0; r < rows; r++) {
            const float* z = &logits[(size_t) r * vocab];
            int pr = prompt[r];
            RefSoftmax sm(z, vocab);
            std::vector<long double> g(vocab, 0);
            long double value = 0, mag = 0;
            if (kind <= CL_METRIC_PROBS) {
                for (int k = start[pr]; k < start[pr + 1]; k++) {
                    long double term = weights[k] * (kind == CL_METRIC_LOGITS ? (long double) z[ids[k]] : std::exp(sm.logProb(z[ids[k]])));
                    value += term;
                    mag += std::fabs(term);
                }
                for (int v = 0; v < vocab && kind == CL_METRIC_PROBS; v++) g[v] = -value * std::exp(sm.logProb(z[v]));
                for (int k = start[pr]; k < start[pr + 1]; k++)
                    g[ids[k]] += weights[k] * (kind == CL_METRIC_LOGITS ? 1.0L : std::exp(sm.logProb(z[ids[k]])));
            } else {
                RefSoftmax rs(&reference[(size_t) pr * vocab], vocab);
                long double scale = kind == CL_METRIC_KL_MEAN ? 1.0L / vocab : 1.0L;
                for (int v = 0; v < vocab; v++) {
                    long double lr = rs.logProb(reference[(size_t) pr * vocab + v]), lm = sm.logProb(z[v]);
                    long double pRef = std::exp(lr);
                    if (pRef > 0) {
                        value += pRef * (lr - lm);
                        mag += std::fabs(pRef * (lr - lm));
                    }
                    g[v] = (std::exp(lm) - pRef) * scale;
                }
                value *= scale;
                mag *= scale;
            }
            if (p.empty()) p = within(values[r], (double) value, (double) mag + 1e-30, 1e-6, "value", r);
            if (p.empty() && !sameBits(values[r], valuesOnly[r])) p = at("value without gradient", r, valuesOnly[r], values[r]);
            for (int v = 0; v < vocab && pg.empty(); v++)
                pg = within(grad[(size_t) r * vocab + v], (double) g[v], std::fabs((double) g[v]) + 1e-12, 1e-6, "dLogits",
                            (long long) r * vocab + v);
        }
        report(std::string("metric ") + names[kind] + " values (repeated answer token, no answers, logits of 1e4, -inf)", p);
        report(std::string("metric ") + names[kind] + " dLogits (every entry)", pg);
    }
}

// ---- grouped dot ----

// GroupedDot.java, operation for operation (double sums in the CPU's order, the difference in float).
static double cpuProduct(const float* a, long long i, const float* to, const float* from, long long j) {
    if (!to) return a[i];
    if (!from) return (double) a[i] * to[j];
    float x = to[j], y = from[j];
    return x == y ? 0 : (double) a[i] * (float) (x - y);
}

// groupedDot on one pair of layouts: rows-shaped hooks on any (a a window starting no earlier than b), attention
// blocks on whole prompts only (as the launcher enforces).
static void testGroupedDot(Windows w) {
    PromptCopies pc = promptCopies(3, w);
    const int rows = (int) pc.prompt.size();
    const int positions = 40; // ≥ the longest prompt (33): slots past a prompt's end stay 0
    // row-shaped: cols 12 in 4 groups of 3, strided views with offsets
    const int cols = 12, aLd = 15, bLd = 17;
    const long long aOff = 2, bOff = 1;
    Floats a = normal(aOff + (size_t) pc.dst.rows * aLd), to = normal(bOff + (size_t) pc.src.rows * bLd), from = normal(to.size());
    for (size_t i = 0; i < to.size(); i += 7) to[i] = from[i] = -INFINITY;
    Floats attA = normal(pc.dst.attnSize), attTo = normal(pc.src.attnSize), attFrom = normal(pc.src.attnSize);
    for (size_t i = 0; i < attTo.size(); i += 4) attTo[i] = attFrom[i] = -INFINITY;
    for (int attention = 0; attention < (w == WHOLE ? 2 : 1); attention++)
        for (int groups : {1, 4})
            for (int perPosition = 0; perPosition < 2; perPosition++)
                for (int factors = 0; factors < 3; factors++) { // 0: to − from, 1: to alone, 2: a alone
                    if (attention && groups == 1) continue;
                    int g = attention ? 3 : groups;
                    int units = g * (perPosition ? positions : 1);
                    const float* A = attention ? attA.data() : a.data();
                    const float* T = factors == 2 ? nullptr : attention ? attTo.data() : to.data();
                    const float* F = factors != 0 ? nullptr : attention ? attFrom.data() : from.data();
                    Floats out((size_t) rows * units, NAN), want(out.size(), 0.0f);
                    emu::launch(dim3(2), dim3(64), [&] {
                        groupedDot(attention, cols, g, perPosition, positions, A, attention ? 0 : aOff, aLd, pc.dst.len.data(),
                                   pc.dst.off.data(), pc.dst.rowStart.data(), pc.dst.attnStart.data(), T, F, attention ? 0 : bOff, bLd,
                                   T ? pc.src.off.data() : nullptr, T ? pc.src.rowStart.data() : nullptr,
                                   T ? pc.src.attnStart.data() : nullptr, T ? pc.prompt.data() : nullptr, rows, out.data());
                    });
                    for (int i = 0; i < rows; i++) {
                        int p = pc.prompt[i], len = pc.dst.len[i], first = pc.dst.off[i];
                        std::vector<double> acc(units, 0.0);
                        for (int c = 0; c < g; c++)
                            for (int pos = 0; pos < len; pos++) { // the row's pos-th row: position first + pos
                                double part = 0;
                                if (attention) {
                                    long long ao = pc.dst.attnStart[i] + ((long long) c * len + pos) * len;
                                    long long bo = pc.src.attnStart[p] + ((long long) c * len + pos) * len;
                                    for (int k = 0; k < len; k++) part += cpuProduct(A, ao + k, T, F, bo + k);
                                } else {
                                    int wd = cols / g;
                                    long long ao = aOff + (long long) (pc.dst.rowStart[i] + pos) * aLd + c * wd;
                                    long long bo = bOff + (long long) (pc.src.rowStart[p] + first + pos - pc.src.off[p]) * bLd + c * wd;
                                    for (int j = 0; j < wd; j++) part += cpuProduct(A, ao + j, T, F, bo + j);
                                }
                                acc[perPosition ? c * positions + first + pos : c] += part;
                            }
                        for (int u = 0; u < units; u++) want[(size_t) i * units + u] = (float) acc[u];
                    }
                    const char* fnames[] = {"a·(to-from)", "a·to", "a"};
                    report(std::string("groupedDot ") + (attention ? "attention" : "rows") + " on " + windowNames[w] + ", " +
                               std::to_string(g) + " groups, " + (perPosition ? "per position" : "summed over positions") + ", " +
                               fnames[factors] + " (GroupedDot's bits)",
                           exact(out, want));
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
    testSegmentStarts();
    testLayoutTables();
    testGridRows();
    testLastRows();
    testInterpolatePromptRows();
    testInterpolatePromptBlocks();
    testMetric();
    for (Windows w : {WHOLE, ROWS_WINDOWS, NARROWER}) testGroupedDot(w);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
