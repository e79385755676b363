#!/usr/bin/env bash
# Builds OUT.so: every kernel of kernels/*.cu on the host CUDA model (cuda_host.h, coroutine threads), behind the C entries of
# emulator.cpp, for the Java EmulatedDriver (the CUDA backend's tests without a GPU). The kernel table is generated
# from the sources: every `extern "C" __global__` function of kernels/*.cu. Needs g++ (C++17).
# Usage: kernels/test/build-emulator.sh OUT.so
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: kernels/test/build-emulator.sh OUT.so" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
out="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# kernel names: `extern "C" __global__ void [__launch_bounds__(...)] name(`, the name possibly on the next line
cat "$here"/../*.cu | tr '\n' ' ' \
    | grep -oE 'extern "C" __global__ void( __launch_bounds__\([A-Z_0-9]*\))? +[A-Za-z_][A-Za-z0-9_]*\(' \
    | sed -E 's/.* ([A-Za-z_][A-Za-z0-9_]*)\($/CL_KERNEL(\1)/' >"$work/kernels.generated.inc"
if [ ! -s "$work/kernels.generated.inc" ]; then
    echo "build-emulator: no kernels found in kernels/*.cu" >&2
    exit 1
fi

# -ffp-contract=off: the host must not fuse a·b + c where the kernel source does not (see cuda_host.h);
# CL_EMU_FIBERS: CUDA threads as coroutines, so a launch costs microseconds (kernels/test/run.sh tests that model too)
g++ -std=c++17 -O2 -DCL_EMU_FIBERS -ffp-contract=off -pthread -fPIC -shared -Wall -Wextra -Werror -I"$work" \
    "$here/emulator.cpp" -o "$out.tmp"
mv "$out.tmp" "$out"
