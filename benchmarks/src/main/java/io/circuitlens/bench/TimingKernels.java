package io.circuitlens.bench;

import io.circuitlens.kernels.Kernels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kernels backend that runs another one and adds up wall time per kernel (GEMMs per shape), to see where a forward
 * pass spends it. A dynamic proxy, so every kernel the interface gains is timed without touching this file.
 */
final class TimingKernels implements AutoCloseable {
    private final Map<String, long[]> nanos = new TreeMap<>();
    private final Kernels inner;
    final Kernels kernels;

    TimingKernels(Kernels inner) {
        this.inner = inner;
        this.kernels = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class}, (proxy, m, args) -> {
            if (m.getName().equals("describe")) return "timed " + inner.describe();
            long t0 = System.nanoTime();
            try {
                return m.invoke(inner, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                String name = m.getName().equals("gemm") ? "gemm " + args[2] + "x" + args[3] + "x" + args[4]
                        + (Boolean.TRUE.equals(args[1]) ? " (B^T)" : "") : m.getName();
                long[] acc = nanos.computeIfAbsent(name, k -> new long[2]);
                acc[0] += System.nanoTime() - t0;
                acc[1]++;
            }
        });
    }

    Map<String, long[]> totals() {
        return nanos;
    }

    void reset() {
        nanos.clear();
    }

    String describe() {
        return kernels.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
