#!/usr/bin/env bash
# Runs the CUDA kernels without a GPU: test_kernels.cpp includes kernels/*.cu on top of the host CUDA model
# (cuda_host.h) and checks every kernel against reference.h. Three builds: AddressSanitizer + UBSan (out-of-bounds
# indexing fails at once), ThreadSanitizer (a missing __syncthreads / __syncwarp shows as a race) and the coroutine
# execution model (CL_EMU_FIBERS) that build-emulator.sh compiles for the Java tests. Then, when the
# project's classes are built (mvn compile), geluNew / geluNewBackward are compared bit for bit with CpuKernels.
# Needs only g++; skips with a message (exit 0) without it. Usage: kernels/test/run.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v g++ >/dev/null 2>&1; then
    echo "kernels/test: g++ not found, skipping the emulated CUDA kernel tests"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# -ffp-contract=off: the host must not fuse a·b + c where the kernel source does not (see cuda_host.h)
flags=(-std=c++17 -O1 -g -ffp-contract=off -pthread -Wall -Wextra -Werror)
g++ "${flags[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all "$here/test_kernels.cpp" -o "$work/asan"
g++ "${flags[@]}" -fsanitize=thread "$here/test_kernels.cpp" -o "$work/tsan"
g++ "${flags[@]}" -DCL_EMU_FIBERS "$here/test_kernels.cpp" -o "$work/fibers"

echo "== kernels under AddressSanitizer + UBSan"
GELU_BITS_OUT="$work/gelu-gpu.txt" "$work/asan"
echo "== kernels under ThreadSanitizer"
TSAN_OPTIONS="halt_on_error=1" "$work/tsan" | tail -n 1
echo "== kernels on coroutine threads (CL_EMU_FIBERS, the model the Java tests' emulated driver uses)"
"$work/fibers" | tail -n 1

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ -f "$root/target/classes/io/circuitlens/kernels/cpu/CpuKernels.class" ] && command -v "$java_bin" >/dev/null 2>&1; then
    "$java_bin" --add-modules jdk.incubator.vector -cp "$root/target/classes" "$here/GeluOnCpu.java" \
        2>/dev/null >"$work/gelu-cpu.txt"
    if ! cmp -s "$work/gelu-gpu.txt" "$work/gelu-cpu.txt"; then
        line="$(cmp "$work/gelu-gpu.txt" "$work/gelu-cpu.txt" | sed 's/.*line //')"
        echo "FAIL gelu.cu differs from CpuKernels at output line $line of $(wc -l <"$work/gelu-cpu.txt")"
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "ok   gelu.cu gives CpuKernels' geluNew and geluNewBackward bit for bit ($(wc -l <"$work/gelu-cpu.txt") values)"
    echo "1 passed, 0 failed"
else
    echo "kernels/test: target/classes or java missing (run mvn compile), skipping the bit-for-bit gelu comparison with CpuKernels"
fi
