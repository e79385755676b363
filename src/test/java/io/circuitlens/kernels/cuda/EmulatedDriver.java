package io.circuitlens.kernels.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A {@link CudaDriver} on the host: the real kernels of kernels/*.cu run on the host CUDA model
 * (kernels/test/cuda_host.h, compiled into a shared library by build-emulator.sh and called through the FFM API),
 * host memory (malloc) stands in for device memory, and SGEMM is a plain column-major loop written from the BLAS
 * definition (independent of the CPU backend's GEMM, so parity with it means something).
 *
 * <p>It checks what a GPU would not report clearly: every launch's parameter kinds against the kernel's C
 * signature, every pointer argument and copy against the live allocations (a use after free or a stray address
 * fails at once), and whole-warp blocks. New memory is filled with NaN bytes, as device memory is not zeroed, so a
 * kernel reading what nothing wrote shows.
 */
final class EmulatedDriver implements CudaDriver {
    /** What memoryInfo reports as the device's size. */
    static final long TOTAL = 8L << 30;

    private final MethodHandle launch;
    private final MethodHandle signature;
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final TreeMap<Long, Long> live = new TreeMap<>(); // address → bytes
    private long allocated;

    private record Function(String name, MemorySegment cName) implements KernelFunction {}

    EmulatedDriver(Path library) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
        launch = linker.downcallHandle(lib.find("cl_launch").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        signature = linker.downcallHandle(lib.find("cl_kernel_signature").orElseThrow(), FunctionDescriptor.of(ADDRESS, ADDRESS));
        malloc = linker.downcallHandle(linker.defaultLookup().find("malloc").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        free = linker.downcallHandle(linker.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));
    }

    @Override
    public KernelFunction function(String family, String name) {
        MemorySegment cName = Arena.global().allocateFrom(name);
        if (kernelSignature(cName) == null) throw new IllegalStateException("kernel " + name + " is not in kernels/" + family + ".cu");
        return new Function(name, cName);
    }

    private String kernelSignature(MemorySegment cName) {
        try {
            MemorySegment s = (MemorySegment) signature.invokeExact(cName);
            return s.equals(MemorySegment.NULL) ? null : s.reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public synchronized long allocate(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        if (allocated + bytes > TOTAL) throw new DeviceOutOfMemoryException("emulated device out of memory: " + bytes + " bytes asked");
        try {
            MemorySegment m = (MemorySegment) malloc.invokeExact(bytes);
            if (m.equals(MemorySegment.NULL)) throw new DeviceOutOfMemoryException("malloc(" + bytes + ") failed");
            m.reinterpret(bytes).fill((byte) 0xff); // NaN floats, −1 ints: device memory is not zeroed either
            live.put(m.address(), bytes);
            allocated += bytes;
            return m.address();
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public synchronized void free(long address) {
        Long bytes = live.remove(address);
        if (bytes == null) throw new IllegalStateException("free of " + Long.toHexString(address) + ", which is not an allocation");
        allocated -= bytes;
        try {
            free.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Live allocations (to check that memory stays flat and that closing frees everything). */
    synchronized int liveAllocations() {
        return live.size();
    }

    /** The device memory [address, address + bytes), which must lie in one live allocation. */
    private synchronized MemorySegment device(long address, long bytes, String what) {
        Map.Entry<Long, Long> a = live.floorEntry(address);
        if (a == null || address + bytes > a.getKey() + a.getValue()) {
            throw new IllegalStateException(what + ": " + bytes + " bytes at " + Long.toHexString(address) + " are not inside a live allocation");
        }
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    @Override
    public void upload(long dst, float[] src, int srcIndex, int count) {
        MemorySegment.copy(src, srcIndex, device(dst, 4L * count, "upload"), JAVA_FLOAT, 0, count);
    }

    @Override
    public void upload(long dst, byte[] src) {
        if (src.length == 0) return;
        MemorySegment.copy(src, 0, device(dst, src.length, "upload"), JAVA_BYTE, 0, src.length);
    }

    @Override
    public void download(long src, float[] dst, int dstIndex, int count) {
        MemorySegment.copy(device(src, 4L * count, "download"), JAVA_FLOAT, 0, dst, dstIndex, count);
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        MemorySegment.copy(device(src, bytes, "copy source"), 0, device(dst, bytes, "copy destination"), 0, bytes);
    }

    @Override
    public void launch(KernelFunction function, Dim3 grid, Dim3 block, KernelArgs args) {
        Function f = (Function) function;
        String want = kernelSignature(f.cName());
        if (!want.equals(args.signature())) {
            throw new IllegalStateException("launch of " + f.name() + " with parameters " + args.signature() + ", the kernel takes " + want);
        }
        long threads = (long) block.x() * block.y() * block.z();
        if (threads % 32 != 0 || threads > 1024) throw new IllegalStateException(f.name() + ": block of " + threads + " threads");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocate(8L * Math.max(1, args.size()), 8);
            MemorySegment pointers = arena.allocate(ADDRESS, Math.max(1, args.size()));
            for (int i = 0; i < args.size(); i++) {
                long v = args.value(i);
                switch (args.kind(i)) {
                    case POINTER -> {
                        if (v != 0) device(v, 0, f.name() + " parameter " + i);
                        values.setAtIndex(JAVA_LONG, i, v);
                    }
                    case INT64 -> values.setAtIndex(JAVA_LONG, i, v);
                    case INT32, FLOAT32 -> values.set(JAVA_INT, 8L * i, (int) v);
                }
                pointers.setAtIndex(ADDRESS, i, values.asSlice(8L * i));
            }
            int r = (int) launch.invokeExact(f.cName(), grid.x(), grid.y(), grid.z(), block.x(), block.y(), block.z(), pointers);
            if (r != 0) throw new IllegalStateException("the emulator has no kernel " + f.name());
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** C = alpha·op(A)·op(B) + beta·C, column-major, float accumulation in k order; with beta = 0 C is not read. */
    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb, float beta,
                      long c, int ldc) {
        if (m == 0 || n == 0) return;
        MemorySegment cs = device(c, 4L * ((long) (n - 1) * ldc + m), "sgemm C");
        MemorySegment as = k == 0 ? null : device(a, 4L * ((long) ((transA ? m : k) - 1) * lda + (transA ? k : m)), "sgemm A");
        MemorySegment bs = k == 0 ? null : device(b, 4L * ((long) ((transB ? k : n) - 1) * ldb + (transB ? n : k)), "sgemm B");
        ValueLayout.OfFloat F = JAVA_FLOAT;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    float x = as.getAtIndex(F, transA ? p + (long) i * lda : i + (long) p * lda);
                    float y = bs.getAtIndex(F, transB ? j + (long) p * ldb : p + (long) j * ldb);
                    acc += x * y;
                }
                long at = i + (long) j * ldc;
                cs.setAtIndex(F, at, beta == 0f ? alpha * acc : alpha * acc + beta * cs.getAtIndex(F, at));
            }
        }
    }

    @Override
    public synchronized MemoryInfo memoryInfo() {
        return new MemoryInfo(TOTAL - allocated, TOTAL);
    }

    @Override
    public String describe() {
        return "cuda (emulated on the host: kernels/*.cu on kernels/test/cuda_host.h), GEMM: host reference SGEMM in float32";
    }

    @Override
    public void close() {
        // allocations left are the backend's to free: tests check liveAllocations() after closing it
    }
}
