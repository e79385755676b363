// Every kernel of kernels/*.cu, run by the host CUDA model (cuda_host.h), as a shared library with a
// cuLaunchKernel-shaped entry: what the Java EmulatedDriver (src/test/java/.../kernels/cuda) calls through the FFM
// API so that CudaKernels, the Java side of the CUDA backend, runs in CI without a GPU. Host memory stands in for
// device memory: the "device pointers" Java passes are host addresses.
//
// The kernel table (kernels.generated.inc, one CL_KERNEL(name) line per extern "C" __global__ kernel) is written by
// build-emulator.sh from the sources, so a new kernel needs no edit here.
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

#include <cstddef>
#include <type_traits>
#include <utility>

namespace {

// One letter per parameter type, as the Java side describes its arguments: p pointer, l int64, i int32, f float32.
template <class T>
constexpr char kind() {
    if constexpr (std::is_pointer_v<T>) return 'p';
    else if constexpr (std::is_same_v<T, long long>) return 'l';
    else if constexpr (std::is_same_v<T, int>) return 'i';
    else if constexpr (std::is_same_v<T, float>) return 'f';
    else static_assert(sizeof(T) == 0, "kernel parameter of a type the launcher cannot pass");
}

// Calls kernel k with parameter i read from *args[i], as cuLaunchKernel reads kernelParams.
template <class... P, std::size_t... I>
void call(void (*k)(P...), void** args, std::index_sequence<I...>) {
    k(*static_cast<std::remove_cv_t<P>*>(args[I])...);
}

template <class... P>
void call(void (*k)(P...), void** args) {
    call(k, args, std::index_sequence_for<P...>{});
}

template <class... P>
const char* signature(void (*)(P...)) {
    static const char s[] = {kind<std::remove_cv_t<P>>()..., '\0'};
    return s;
}

struct Kernel {
    const char* name;
    const char* signature;
    void (*run)(dim3 grid, dim3 block, void** args);
};

#define CL_KERNEL(k) \
    Kernel{#k, signature(k), [](dim3 g, dim3 b, void** a) { emu::launch(g, b, [a] { call(k, a); }); }},

const Kernel kernels[] = {
#include "kernels.generated.inc"
};

const Kernel* find(const char* name) {
    for (const Kernel& k : kernels)
        if (std::strcmp(k.name, name) == 0) return &k;
    return nullptr;
}

} // namespace

// The parameter kinds of kernel `name` (one letter each, see kind()), or null when there is no such kernel.
extern "C" const char* cl_kernel_signature(const char* name) {
    const Kernel* k = find(name);
    return k ? k->signature : nullptr;
}

// Runs kernel `name` on grid (gx, gy, gz) of blocks (bx, by, bz); args[i] points at parameter i. Returns 0, or -1
// when there is no such kernel. Not thread-safe (one launch at a time, like one stream).
extern "C" int cl_launch(const char* name, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                         void** args) {
    const Kernel* k = find(name);
    if (!k) return -1;
    k->run(dim3(gx, gy, gz), dim3(bx, by, bz), args);
    return 0;
}
