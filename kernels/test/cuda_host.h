// A small CUDA execution model on the host, so the kernels in kernels/*.cu can be run and checked on a machine
// without a GPU. Each thread of a block is a real POSIX thread (or, built with CL_EMU_FIBERS, a coroutine: see
// there); __syncthreads is a barrier over the block and the warp shuffles exchange values through a per-warp buffer
// between two barriers over the warp. Blocks run one after another, so a __shared__ array can be a function-local
// static (one copy, used by one block at a time).
//
// What this proves: indexing, masking, tiling edges, the launch contracts and the synchronisation discipline (run
// under ThreadSanitizer, a missing __syncthreads or __syncwarp shows up as a data race on the shared arrays; under
// AddressSanitizer an out-of-bounds access fails at once). What it cannot: timing, occupancy, and rounding where
// nvcc contracts a·b + c into one fused multiply-add (the host build uses -ffp-contract=off; bit-exact kernels use
// explicit _rn intrinsics, which nvcc never contracts).
#pragma once

#include <pthread.h>
#include <ucontext.h>

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
inline std::vector<unsigned long long> shuffle_slots;

inline void check(int rc, const char* what) {
    if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD) {
        std::fprintf(stderr, "emulator: %s failed (%d)\n", what, rc);
        std::abort();
    }
}

inline int block_threads(dim3 block) {
    int n = (int) (block.x * block.y * block.z);
    if (n % 32 != 0) {
        std::fprintf(stderr, "emulator: block of %d threads is not whole warps\n", n);
        std::abort();
    }
    return n;
}

inline uint3 thread_of(int t, dim3 block) {
    return {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
}

#ifndef CL_EMU_FIBERS
// Every thread of a block is a POSIX thread (the default: what ThreadSanitizer can check).
inline pthread_barrier_t block_barrier_;
inline std::vector<pthread_barrier_t> warp_barriers;

inline void block_barrier() {
    check(pthread_barrier_wait(&block_barrier_), "__syncthreads");
}

inline void warp_barrier() {
    check(pthread_barrier_wait(&warp_barriers[(size_t) (linear_tid / 32)]), "warp barrier");
}

// Runs body() as every thread of every block of the grid (blocks in x, then y, then z order).
inline void launch(dim3 grid, dim3 block, const std::function<void()>& body) {
    int n = block_threads(block);
    grid_dim = grid;
    block_dim = block;
    check(pthread_barrier_init(&block_barrier_, nullptr, (unsigned) n), "barrier init");
    warp_barriers.assign((size_t) n / 32, pthread_barrier_t{});
    for (auto& b : warp_barriers) check(pthread_barrier_init(&b, nullptr, 32), "barrier init");
    shuffle_slots.assign((size_t) n, 0);
    std::vector<std::thread> threads;
    threads.reserve((size_t) n);
    for (int t = 0; t < n; t++) {
        threads.emplace_back([t, &body, grid, block] {
            linear_tid = t;
            thread_idx = thread_of(t, block);
            for (unsigned z = 0; z < grid.z; z++)
                for (unsigned y = 0; y < grid.y; y++)
                    for (unsigned x = 0; x < grid.x; x++) {
                        block_idx = {x, y, z};
                        body();
                        // the next block reuses the static "shared" arrays: wait until every thread is done
                        block_barrier();
                    }
        });
    }
    for (auto& th : threads) th.join();
    for (auto& b : warp_barriers) pthread_barrier_destroy(&b);
    pthread_barrier_destroy(&block_barrier_);
}
#else
// CL_EMU_FIBERS: the threads of a block are coroutines on the calling thread, switched at every barrier: the same
// semantics without an OS thread per CUDA thread, so a launch costs microseconds instead of milliseconds. Used for
// the emulated driver of the Java tests (build-emulator.sh); the sanitizer builds keep real threads. A thread
// waiting at __syncthreads resumes once every live thread of the block waits there, one waiting at a warp barrier
// once every live lane of its warp does; a block whose threads all wait at barriers that cannot open aborts (a
// barrier some threads never reach).

#if defined(__x86_64__)
// A coroutine's context is its stack pointer: cl_emu_switch pushes the callee-saved registers (and the SSE / x87
// control words) on the running stack, saves the stack pointer, loads the other one and pops its registers. No
// system call, unlike swapcontext (which saves the signal mask): a switch costs nanoseconds. One translation unit
// per binary may include this header (the emulator library and the test binary are one each).
extern "C" void cl_emu_switch(void** save, void* load);
asm(R"(
    .text
    .globl cl_emu_switch
    .hidden cl_emu_switch
    .type cl_emu_switch, @function
cl_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size cl_emu_switch, .-cl_emu_switch
)");

struct Context {
    void* sp;
};

inline void switch_to(Context& save, Context& load) {
    cl_emu_switch(&save.sp, load.sp);
}

// A context that starts entry() on the given stack: the frame cl_emu_switch pops (control words, six registers)
// under entry's address, under a null return address entry never uses (it ends by switching away).
inline void make_context(Context& c, char* stack, size_t size, void (*entry)()) {
    auto* top = reinterpret_cast<unsigned long long*>(stack + size); // 16-byte aligned: size is a multiple of 16
    *--top = 0;
    *--top = reinterpret_cast<unsigned long long>(entry);
    for (int i = 0; i < 6; i++) *--top = 0;
    unsigned mxcsr;
    unsigned short fcw;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("fnstcw %0" : "=m"(fcw));
    --top;
    std::memcpy(top, &mxcsr, 4);
    std::memcpy(reinterpret_cast<char*>(top) + 4, &fcw, 2);
    c.sp = top;
}
#else
// Elsewhere: ucontext (a system call per switch, slower but portable).
struct Context {
    ucontext_t uc;
};

inline void switch_to(Context& save, Context& load) {
    check(swapcontext(&save.uc, &load.uc), "swapcontext");
}

inline void make_context(Context& c, char* stack, size_t size, void (*entry)()) {
    check(getcontext(&c.uc), "getcontext");
    c.uc.uc_stack.ss_sp = stack;
    c.uc.uc_stack.ss_size = size;
    c.uc.uc_link = nullptr;
    makecontext(&c.uc, entry, 0);
}
#endif

enum class Wait { NONE, BLOCK, WARP, DONE };

struct Fiber {
    Context ctx;
    Wait wait;
};

inline constexpr size_t FIBER_STACK = 256 * 1024;
inline std::vector<Fiber> fibers;
inline std::vector<char*> stacks;
inline Context scheduler;
inline const std::function<void()>* fiber_body;
inline int live, block_waiting;
inline std::vector<int> warp_live, warp_waiting;

// Opens the block barrier if every live thread waits at it, and warp w's if every live lane of w waits at it.
inline void release(int w) {
    if (block_waiting > 0 && block_waiting == live) {
        for (Fiber& f : fibers)
            if (f.wait == Wait::BLOCK) f.wait = Wait::NONE;
        block_waiting = 0;
    }
    if (warp_waiting[(size_t) w] > 0 && warp_waiting[(size_t) w] == warp_live[(size_t) w]) {
        for (int l = 0; l < 32; l++) {
            Fiber& f = fibers[(size_t) (w * 32 + l)];
            if (f.wait == Wait::WARP) f.wait = Wait::NONE;
        }
        warp_waiting[(size_t) w] = 0;
    }
}

inline void wait_at(Wait kind) {
    Fiber& f = fibers[(size_t) linear_tid];
    int w = linear_tid / 32;
    f.wait = kind;
    if (kind == Wait::BLOCK) block_waiting++;
    else warp_waiting[(size_t) w]++;
    release(w);
    switch_to(f.ctx, scheduler);
}

inline void block_barrier() {
    wait_at(Wait::BLOCK);
}

inline void warp_barrier() {
    wait_at(Wait::WARP);
}

// A thread's whole life: the kernel body, then back to the scheduler for good.
inline void fiber_main() {
    (*fiber_body)();
    Fiber& f = fibers[(size_t) linear_tid];
    f.wait = Wait::DONE;
    int w = linear_tid / 32;
    live--;
    warp_live[(size_t) w]--;
    release(w); // threads that left do not hold a barrier closed
    switch_to(f.ctx, scheduler);
}

// Runs thread t of the block until it waits or ends (a function of its own: with ucontext, the switch returns
// twice, which must not clobber the scheduler's loop variables).
[[gnu::noinline]] inline void resume(int t, dim3 block) {
    linear_tid = t;
    thread_idx = thread_of(t, block);
    switch_to(scheduler, fibers[(size_t) t].ctx);
}

// Fresh coroutines for the n threads of the next block.
[[gnu::noinline]] inline void start_block(int n) {
    live = n;
    block_waiting = 0;
    warp_live.assign((size_t) n / 32, 32);
    warp_waiting.assign((size_t) n / 32, 0);
    for (int t = 0; t < n; t++) {
        make_context(fibers[(size_t) t].ctx, stacks[(size_t) t], FIBER_STACK, fiber_main);
        fibers[(size_t) t].wait = Wait::NONE;
    }
}

inline void launch(dim3 grid, dim3 block, const std::function<void()>& body) {
    int n = block_threads(block);
    grid_dim = grid;
    block_dim = block;
    fiber_body = &body;
    shuffle_slots.assign((size_t) n, 0);
    fibers.resize((size_t) n);
    while (stacks.size() < (size_t) n) stacks.push_back(static_cast<char*>(std::malloc(FIBER_STACK)));
    for (unsigned z = 0; z < grid.z; z++)
        for (unsigned y = 0; y < grid.y; y++)
            for (unsigned x = 0; x < grid.x; x++) {
                block_idx = {x, y, z};
                start_block(n);
                while (live > 0) {
                    bool ran = false;
                    for (int t = 0; t < n; t++) {
                        if (fibers[(size_t) t].wait != Wait::NONE) continue;
                        resume(t, block);
                        ran = true;
                    }
                    if (!ran) {
                        std::fprintf(stderr, "emulator: block (%u, %u, %u) deadlocks: threads wait at a barrier others never reach\n", x, y, z);
                        std::abort();
                    }
                }
            }
}
#endif

// Returns the value that lane srcLane of the calling thread's warp passed in. Every lane of the warp must take part,
// as on a GPU with a full mask; a lane that does not leaves the others waiting (the test binary's alarm ends that).
template <class T>
inline T exchange(T v, int srcLane) {
    static_assert(sizeof(T) <= sizeof(unsigned long long), "shuffle of a wide type");
    int warp = linear_tid / 32;
    std::memcpy(&shuffle_slots[(size_t) linear_tid], &v, sizeof(T));
    warp_barrier();
    T r;
    std::memcpy(&r, &shuffle_slots[(size_t) (warp * 32 + srcLane)], sizeof(T));
    warp_barrier();
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
    emu::block_barrier();
}

inline void __syncwarp(unsigned = 0xffffffffu) {
    emu::warp_barrier();
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
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dmul_rn(double a, double b) { return a * b; }
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
using std::isinf;
