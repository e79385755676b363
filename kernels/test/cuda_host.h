// A small CUDA execution model on the host, so the kernels in kernels/*.cu can be run and checked on a machine
// without a GPU. Each thread of a block is a real POSIX thread; __syncthreads is a barrier over the block and the
// warp shuffles exchange values through a per-warp buffer between two barriers over the warp. Blocks run one after
// another, so a __shared__ array can be a function-local static (one copy, used by one block at a time).
//
// What this proves: indexing, masking, tiling edges, the launch contracts and the synchronisation discipline (run
// under ThreadSanitizer, a missing __syncthreads or __syncwarp shows up as a data race on the shared arrays; under
// AddressSanitizer an out-of-bounds access fails at once). What it cannot: timing, occupancy, and rounding where
// nvcc contracts a·b + c into one fused multiply-add (the host build uses -ffp-contract=off; bit-exact kernels use
// explicit _rn intrinsics, which nvcc never contracts).
#pragma once

#include <pthread.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

struct uint3 {
    unsigned x, y, z;
};

struct dim3 {
    unsigned x, y, z;
    dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

namespace emu {
inline thread_local uint3 thread_idx;
inline thread_local uint3 block_idx;
inline thread_local int linear_tid;
inline dim3 block_dim;
inline dim3 grid_dim;
inline pthread_barrier_t block_barrier;
inline std::vector<pthread_barrier_t> warp_barriers;
inline std::vector<unsigned long long> shuffle_slots;

inline void check(int rc, const char* what) {
    if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD) {
        std::fprintf(stderr, "emulator: %s failed (%d)\n", what, rc);
        std::abort();
    }
}

// Runs body() as every thread of every block of the grid (blocks in x, then y, then z order).
inline void launch(dim3 grid, dim3 block, const std::function<void()>& body) {
    int n = (int) (block.x * block.y * block.z);
    if (n % 32 != 0) {
        std::fprintf(stderr, "emulator: block of %d threads is not whole warps\n", n);
        std::abort();
    }
    grid_dim = grid;
    block_dim = block;
    check(pthread_barrier_init(&block_barrier, nullptr, (unsigned) n), "barrier init");
    warp_barriers.assign((size_t) n / 32, pthread_barrier_t{});
    for (auto& b : warp_barriers) check(pthread_barrier_init(&b, nullptr, 32), "barrier init");
    shuffle_slots.assign((size_t) n, 0);
    std::vector<std::thread> threads;
    threads.reserve((size_t) n);
    for (int t = 0; t < n; t++) {
        threads.emplace_back([t, &body, grid, block] {
            linear_tid = t;
            thread_idx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
            for (unsigned z = 0; z < grid.z; z++)
                for (unsigned y = 0; y < grid.y; y++)
                    for (unsigned x = 0; x < grid.x; x++) {
                        block_idx = {x, y, z};
                        body();
                        // the next block reuses the static "shared" arrays: wait until every thread is done
                        check(pthread_barrier_wait(&block_barrier), "block barrier");
                    }
        });
    }
    for (auto& th : threads) th.join();
    for (auto& b : warp_barriers) pthread_barrier_destroy(&b);
    pthread_barrier_destroy(&block_barrier);
}

// Returns the value that lane srcLane of the calling thread's warp passed in. Every lane of the warp must take part,
// as on a GPU with a full mask; a lane that does not leaves the others waiting (the test binary's alarm ends that).
template <class T>
inline T exchange(T v, int srcLane) {
    static_assert(sizeof(T) <= sizeof(unsigned long long), "shuffle of a wide type");
    int warp = linear_tid / 32;
    std::memcpy(&shuffle_slots[(size_t) linear_tid], &v, sizeof(T));
    check(pthread_barrier_wait(&warp_barriers[(size_t) warp]), "warp barrier");
    T r;
    std::memcpy(&r, &shuffle_slots[(size_t) (warp * 32 + srcLane)], sizeof(T));
    check(pthread_barrier_wait(&warp_barriers[(size_t) warp]), "warp barrier");
    return r;
}
} // namespace emu

#define threadIdx (emu::thread_idx)
#define blockIdx (emu::block_idx)
#define blockDim (emu::block_dim)
#define gridDim (emu::grid_dim)

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(n)
#define __shared__ static

inline void __syncthreads() {
    emu::check(pthread_barrier_wait(&emu::block_barrier), "__syncthreads");
}

inline void __syncwarp(unsigned = 0xffffffffu) {
    emu::check(pthread_barrier_wait(&emu::warp_barriers[(size_t) (emu::linear_tid / 32)]), "__syncwarp");
}

template <class T>
inline T __shfl_xor_sync(unsigned, T v, int laneMask) {
    return emu::exchange(v, (emu::linear_tid % 32) ^ laneMask);
}

template <class T>
inline T __shfl_sync(unsigned, T v, int srcLane) {
    return emu::exchange(v, srcLane % 32);
}

// IEEE round-to-nearest operations: exact on the host when compiled with -ffp-contract=off (SSE arithmetic).
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fmaf_rn(float a, float b, float c) { return std::fma(a, b, c); }
inline int __float2int_rn(float x) { return (int) std::nearbyint(x); }
inline float __int_as_float(int i) {
    float f;
    std::memcpy(&f, &i, sizeof f);
    return f;
}
inline int __float_as_int(float f) {
    int i;
    std::memcpy(&i, &f, sizeof i);
    return i;
}

using std::max;
using std::min;
