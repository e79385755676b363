package io.circuitlens.kernels.cpu;

/**
 * Per-thread packing buffers for the GEMM. They live in a {@link ThreadLocal} so that every worker reuses its own
 * buffers across calls without locking and without allocating per call; this is the only static state of the GEMM and
 * it is never shared between threads. Buffers grow on demand and are never shrunk (about 2 MB per worker thread with
 * the default blocking).
 */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> LOCAL = ThreadLocal.withInitial(GemmWorkspace::new);

    private float[] a = new float[0];
    private float[] b = new float[0];
    /** One MR×NR tile that edge tiles are computed into before the valid corner is merged into C. */
    final float[] scratch = new float[GemmKernel.MR * GemmKernel.NR];

    private GemmWorkspace() {}

    static GemmWorkspace get() {
        return LOCAL.get();
    }

    /** Packed-A buffer of at least {@code size} floats (contents undefined). */
    float[] a(int size) {
        if (a.length < size) a = new float[size];
        return a;
    }

    /** Packed-B buffer of at least {@code size} floats (contents undefined). */
    float[] b(int size) {
        if (b.length < size) b = new float[size];
        return b;
    }
}
