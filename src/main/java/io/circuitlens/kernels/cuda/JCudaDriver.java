package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.Precision;
import jcuda.JCudaVersion;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static jcuda.driver.JCudaDriver.*;

/**
 * The CUDA driver API through JCuda, and cuBLAS through JCublas2 on the same context and stream: device 0's primary
 * context (CUDA_VISIBLE_DEVICES picks the device), one stream, each PTX module of
 * {@code src/main/resources/io/circuitlens/kernels/cuda} loaded once, cuBLAS SGEMM in fp32 or with TF32 tensor
 * cores. Opening fails with one line naming what is missing: the NVIDIA driver, a device, a device or driver too
 * old for the PTX, or cuBLAS 12 (or the compat library that maps it to cuBLAS 13, kernels/compat).
 */
public final class JCudaDriver implements CudaDriver {
    private static final String PTX = "/io/circuitlens/kernels/cuda/";
    /** The PTX is ISA 9.0 (nvcc 13.0): a driver of the CUDA 13.0 generation loads it (kernels/README.md). */
    private static final int PTX_CUDA_VERSION = 13000;
    private static final String PTX_DRIVER = "580.65.06";
    private static final int MIN_COMPUTE = 80;

    private final CUcontext context = new CUcontext();
    private final CUdevice device = new CUdevice();
    private final CUstream stream = new CUstream();
    private final cublasHandle cublas = new cublasHandle();
    private final Map<String, CUmodule> modules = new HashMap<>();
    /** Whether the context is current on a thread: the driver API binds contexts per thread. */
    private final ThreadLocal<Boolean> bound = ThreadLocal.withInitial(() -> false);
    private String description;
    private boolean cublasReady;
    private boolean closed;

    /** Device 0 checked, its primary context retained and the stream created; {@link #start} does the rest. */
    private JCudaDriver() {
        int[] v = new int[1];
        check(cuDriverGetVersion(v), "cuDriverGetVersion");
        int driverVersion = v[0];
        check(cuDeviceGet(device, 0), "cuDeviceGet");
        byte[] name = new byte[256];
        check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        String deviceName = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
        int[] major = new int[1];
        int[] minor = new int[1];
        check(cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "compute capability");
        check(cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "compute capability");
        if (major[0] * 10 + minor[0] < MIN_COMPUTE) {
            throw new CudaUnavailableException("CUDA device 0 (" + deviceName + ") has compute capability " + major[0] + "." + minor[0]
                    + "; the kernels need 8.0 or newer (Ampere, Ada, Hopper and later)");
        }
        if (driverVersion < PTX_CUDA_VERSION) {
            throw new CudaUnavailableException(tooOld(driverVersion));
        }
        long[] total = new long[1];
        check(cuDeviceTotalMem(total, device), "cuDeviceTotalMem");
        check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        bind();
        check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT), "cuStreamCreate");
        this.description = String.format(Locale.ROOT, "cuda: %s (sm_%d%d, %.1f GiB), CUDA driver %d.%d", deviceName, major[0], minor[0],
                total[0] / (double) (1L << 30), driverVersion / 1000, driverVersion % 1000 / 10);
    }

    /** cuBLAS on the stream, then every PTX module (so a PTX the driver cannot JIT fails here and not mid-run). */
    private void start(Precision precision) {
        String cublasVersion = startCublas(precision);
        for (String family : new String[] {"attention", "elementwise", "embedding", "gelu", "layernorm", "metric", "patch", "reduce", "rows"}) {
            module(family);
        }
        description += ", " + cublasVersion + ", GEMM: cuBLAS SGEMM " + (precision == Precision.TF32 ? "with TF32 tensor cores (tf32)" : "in float32 (fp32)");
    }

    /**
     * The driver on device 0, or a {@link CudaUnavailableException} whose one-line message says what is missing.
     */
    public static JCudaDriver open(Precision precision) {
        CudaUnavailableException failed = unloadable;
        if (failed != null) throw new CudaUnavailableException(failed.getMessage(), failed);
        int init;
        try {
            init = cuInit(0);
        } catch (LinkageError e) {
            String lib = LinkageReasons.missingLibrary(e);
            throw unloadable(lib != null && lib.startsWith("libcuda.so")
                    ? "no NVIDIA driver: " + lib + " not found (install the NVIDIA driver on a machine with a GPU)"
                    : "JCuda's driver library does not load: " + (lib != null ? lib + " not found" : LinkageReasons.firstLine(e)), e);
        }
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) throw new CudaUnavailableException("no CUDA device (cuInit: CUDA_ERROR_NO_DEVICE)");
        if (init != CUresult.CUDA_SUCCESS) {
            throw new CudaUnavailableException("the NVIDIA driver does not start: cuInit returned " + CUresult.stringFor(init));
        }
        int[] count = new int[1];
        if (cuDeviceGetCount(count) != CUresult.CUDA_SUCCESS || count[0] == 0) throw new CudaUnavailableException("no CUDA device");
        JCudaDriver d = new JCudaDriver();
        try {
            d.start(precision);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** Creates the cuBLAS handle on the stream and returns its version for {@link #describe}. */
    private String startCublas(Precision precision) {
        try {
            int s = JCublas2.cublasCreate(cublas);
            if (s != cublasStatus.CUBLAS_STATUS_SUCCESS) {
                throw new CudaUnavailableException("cuBLAS does not start: cublasCreate returned " + cublasStatus.stringFor(s)
                        + " (with the compat library, libcublas.so.13 must be on LD_LIBRARY_PATH or in $CIRCUITLENS_LIBCUBLAS13)");
            }
        } catch (LinkageError e) {
            String lib = LinkageReasons.missingLibrary(e);
            throw unloadable((lib != null ? lib : "cuBLAS") + " not found: install CUDA 12 cuBLAS, or build the compat library"
                    + " with kernels/compat/build.sh DIR and put DIR on LD_LIBRARY_PATH", e);
        }
        cublasReady = true;
        cublasCheck(JCublas2.cublasSetStream(cublas, new cudaStream_t(stream)), "cublasSetStream");
        int math = precision == Precision.TF32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH : cublasMath.CUBLAS_DEFAULT_MATH;
        cublasCheck(JCublas2.cublasSetMathMode(cublas, math), "cublasSetMathMode");
        int[] part = new int[1];
        StringBuilder version = new StringBuilder("cuBLAS ");
        for (int p = 0; p < 3; p++) { // libraryPropertyType MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL
            cublasCheck(JCublas2.cublasGetProperty(p, part), "cublasGetProperty");
            version.append(p == 0 ? "" : ".").append(part[0]);
        }
        return version + " (JCuda " + JCudaVersion.get() + ")";
    }

    /**
     * A native library of JCuda that failed to load: its class stays unusable for the life of the JVM (later uses
     * only say "Could not initialize class"), so the first, informative, reason is kept and given again.
     */
    private static volatile CudaUnavailableException unloadable;

    private static CudaUnavailableException unloadable(String message, LinkageError cause) {
        CudaUnavailableException e = new CudaUnavailableException(message, cause);
        unloadable = e;
        return e;
    }

    private static String tooOld(int driverVersion) {
        return "the NVIDIA driver supports CUDA " + driverVersion / 1000 + "." + driverVersion % 1000 / 10 + " but circuitlens' PTX"
                + " (ISA 9.0, CUDA 13.0) needs driver " + PTX_DRIVER + " or newer (kernels/README.md)";
    }

    private synchronized CUmodule module(String family) {
        CUmodule m = modules.get(family);
        if (m != null) return m;
        String ptx = ptx(family);
        bind();
        m = new CUmodule();
        int r = cuModuleLoadData(m, ptx);
        if (r == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            int[] v = new int[1];
            cuDriverGetVersion(v);
            throw new CudaUnavailableException(tooOld(v[0]) + " (CUDA_ERROR_UNSUPPORTED_PTX_VERSION loading " + family + ".ptx)");
        }
        if (r != CUresult.CUDA_SUCCESS) {
            throw new CudaUnavailableException("the NVIDIA driver cannot load " + family + ".ptx: " + CUresult.stringFor(r));
        }
        modules.put(family, m);
        return m;
    }

    private static String ptx(String family) {
        try (InputStream in = JCudaDriver.class.getResourceAsStream(PTX + family + ".ptx")) {
            if (in == null) throw new IllegalStateException("no PTX resource " + PTX + family + ".ptx (run kernels/build-ptx.sh)");
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + family + ".ptx", e);
        }
    }

    private record Function(String name, CUfunction handle) implements KernelFunction {}

    @Override
    public KernelFunction function(String family, String name) {
        CUmodule m = module(family);
        CUfunction f = new CUfunction();
        int r = cuModuleGetFunction(f, m, name);
        if (r != CUresult.CUDA_SUCCESS) {
            throw new IllegalStateException("kernel " + name + " not found in " + family + ".ptx (" + CUresult.stringFor(r)
                    + "): rebuild the PTX with kernels/build-ptx.sh");
        }
        return new Function(name, f);
    }

    /** A device address as JCuda's pointer type (the address as the offset from a null pointer). */
    private static CUdeviceptr ptr(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    /** cuMemAlloc's result, whose address only a subclass may read. */
    private static final class Allocation extends CUdeviceptr {
        long address() {
            return getNativePointer() + getByteOffset();
        }
    }

    @Override
    public long allocate(long bytes) {
        bind();
        Allocation a = new Allocation();
        int r = cuMemAlloc(a, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            MemoryInfo m = memoryInfo();
            throw new DeviceOutOfMemoryException(String.format(Locale.ROOT,
                    "the CUDA device is out of memory: %.1f MiB asked, %.1f of %.1f MiB free (lower the memory budget)",
                    bytes / 1048576.0, m.free() / 1048576.0, m.total() / 1048576.0));
        }
        check(r, "cuMemAlloc");
        return a.address();
    }

    @Override
    public void free(long address) {
        bind();
        check(cuMemFree(ptr(address)), "cuMemFree");
    }

    @Override
    public void upload(long dst, float[] src, int srcIndex, int count) {
        bind();
        check(cuMemcpyHtoD(ptr(dst), Pointer.to(src).withByteOffset(4L * srcIndex), 4L * count), "cuMemcpyHtoD");
    }

    @Override
    public void upload(long dst, byte[] src) {
        if (src.length == 0) return;
        bind();
        check(cuMemcpyHtoD(ptr(dst), Pointer.to(src), src.length), "cuMemcpyHtoD");
    }

    @Override
    public void download(long src, float[] dst, int dstIndex, int count) {
        bind();
        // the legacy default stream of a synchronous copy waits for our (blocking) stream's work
        check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * dstIndex), ptr(src), 4L * count), "cuMemcpyDtoH");
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        bind();
        check(cuMemcpyDtoDAsync(ptr(dst), ptr(src), bytes, stream), "cuMemcpyDtoDAsync");
    }

    @Override
    public void launch(KernelFunction function, Dim3 grid, Dim3 block, KernelArgs args) {
        Pointer[] params = new Pointer[args.size()];
        for (int i = 0; i < params.length; i++) {
            long v = args.value(i);
            params[i] = switch (args.kind(i)) {
                case POINTER, INT64 -> Pointer.to(new long[] {v});
                case INT32 -> Pointer.to(new int[] {(int) v});
                case FLOAT32 -> Pointer.to(new float[] {Float.intBitsToFloat((int) v)});
            };
        }
        bind();
        int r = cuLaunchKernel(((Function) function).handle(), grid.x(), grid.y(), grid.z(), block.x(), block.y(), block.z(), 0, stream,
                Pointer.to(params), null);
        if (r != CUresult.CUDA_SUCCESS) throw new IllegalStateException("launching " + function.name() + " " + grid + ": " + CUresult.stringFor(r));
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb, float beta,
                      long c, int ldc) {
        bind();
        cublasCheck(JCublas2.cublasSgemm(cublas, transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N, m, n, k, Pointer.to(new float[] {alpha}), ptr(a), lda,
                ptr(b), ldb, Pointer.to(new float[] {beta}), ptr(c), ldc), "cublasSgemm");
    }

    @Override
    public MemoryInfo memoryInfo() {
        bind();
        long[] free = new long[1];
        long[] total = new long[1];
        check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return new MemoryInfo(free[0], total[0]);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        bind();
        cuStreamSynchronize(stream);
        if (cublasReady) JCublas2.cublasDestroy(cublas);
        for (CUmodule m : modules.values()) cuModuleUnload(m);
        modules.clear();
        cuStreamDestroy(stream);
        cuDevicePrimaryCtxRelease(device);
    }

    private void bind() {
        if (!bound.get()) {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            bound.set(true);
        }
    }

    private static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) throw new IllegalStateException(what + ": " + CUresult.stringFor(result));
    }

    private static void cublasCheck(int status, String what) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) throw new IllegalStateException(what + ": " + cublasStatus.stringFor(status));
    }
}
