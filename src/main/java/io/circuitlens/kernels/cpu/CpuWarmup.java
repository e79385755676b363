package io.circuitlens.kernels.cpu;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT to compile the hot kernels while the process is still loading weights. Until C2 compiles them, Vector
 * API code runs through its boxed fallback, orders of magnitude slower than the compiled loops: a one-shot command
 * (`circuitlens logits` on a few prompts) otherwise spends a second or more there. Calling the GEMM's micro-kernel a
 * few thousand times on tiny operands, on a background thread of its own, costs a fraction of a second of one core
 * while the main thread reads the weight file. Results are discarded; nothing is shared with the caller's backend.
 */
final class CpuWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Calls of each kernel: past C2's invocation threshold (5,000 in tiered compilation). */
    static final int ROUNDS = 5500;

    private CpuWarmup() {}

    /** Starts the warm-up once per process (later backends find the kernels compiled). */
    static void startOnce() {
        if (Boolean.getBoolean("circuitlens.noWarmup") || !STARTED.compareAndSet(false, true)) return;
        Thread.ofPlatform().daemon().name("circuitlens-jit-warmup").priority(Thread.MIN_PRIORITY).start(CpuWarmup::run);
    }

    static void run() {
        // The GEMM's micro-kernel (most of a pass's time), on a depth of 2: C2 compiles it after enough calls whatever
        // the depth, while its boxed fallback costs per step of depth, so a real product's first calls would spend a
        // second there. (The other kernels' fallback phases are short: their loops are cheap per element.)
        int kc = 2;
        float[] a = ramp(GemmKernel.MR * kc);
        float[] bp = ramp(kc * GemmKernel.NR);
        float[] c = new float[GemmKernel.MR * GemmKernel.NR];
        float[] scratch = new float[GemmKernel.MR * GemmKernel.NR];
        float[] bias = ramp(GemmKernel.NR);
        for (int i = 0; i < ROUNDS; i++) {
            int v = i % 3; // plain, adding to C, with bias: every branch the real products take
            GemmKernel.tile(kc, a, 0, kc, bp, 0, c, 0, GemmKernel.NR, v == 1, v == 2 ? bias : null, 0, scratch);
        }
    }

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = ((i * 7919) % 97) / 97f - 0.5f;
        return a;
    }
}
