package io.circuitlens.kernels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend that runs another one and counts what a device backend would move between host and device: bytes
 * uploaded (buffers, int buffers, and the tables of prepared layouts, patch segments, listed row maps and metric
 * answers) and bytes downloaded; layouts derived on the backend and grid row maps move nothing. It also counts live
 * buffers, so tests can check a job frees what it allocates.
 */
public final class CountingKernels {
    public final AtomicLong uploaded = new AtomicLong();
    public final AtomicLong downloaded = new AtomicLong();
    public final AtomicLong liveBuffers = new AtomicLong();
    public final Kernels kernels;

    public CountingKernels(Kernels inner) {
        this.kernels = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class}, (proxy, m, args) -> {
            count(m.getName(), args);
            try {
                return m.invoke(inner, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    public long moved() {
        return uploaded.get() + downloaded.get();
    }

    private void count(String method, Object[] args) {
        switch (method) {
            case "alloc" -> liveBuffers.incrementAndGet();
            case "upload" -> {
                liveBuffers.incrementAndGet();
                uploaded.addAndGet(4L * ((float[]) args[0]).length);
            }
            case "uploadInts" -> uploaded.addAndGet(4L * ((int[]) args[0]).length);
            case "download" -> downloaded.addAndGet(4L * (int) args[4]);
            case "release" -> {
                if (args[0] instanceof Buf) liveBuffers.decrementAndGet();
            }
            case "prepare" -> {
                if (args.length == 1) uploaded.addAndGet(bytes(args[0]));
                // a window derived on the device still needs its first position per cached prompt
                else if (args[0] instanceof BatchLayout l && l.windowed()) uploaded.addAndGet(4L * ((Prepared<BatchLayout>) args[1]).host().prompts());
            }
            default -> {}
        }
    }

    /** What preparing a host description uploads. */
    private static long bytes(Object description) {
        return switch (description) {
            case BatchLayout l -> 16L * l.prompts(); // lengths and row starts (int32), attention block starts (int64)
            case PatchSegments s -> 24L * s.count(); // two int64 offsets, an int32 length and a float alpha each
            case RowMap r -> r.isGrid() ? 0 : 4L * r.rows();
            case MetricSpec m -> m.ids() == null ? 0 : 4L * m.start().length + 12L * m.ids().length;
            default -> throw new IllegalArgumentException("unknown description " + description);
        };
    }
}
