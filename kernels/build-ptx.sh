#!/usr/bin/env bash
# Compiles every kernels/*.cu to PTX for the virtual architecture compute_80 (runs on Ampere, Hopper and newer
# through the driver's JIT), one <family>.ptx per file, into src/main/resources/io/circuitlens/kernels/cuda/ or
# the directory given as $1. The PTX is committed, so building the project needs no CUDA toolkit; run this after
# changing a kernel (kernels/check-ptx.sh fails while the committed PTX is stale).
# Deterministic: the same nvcc gives identical files (no paths, dates or temporary names end up in the PTX).
# nvcc is taken from $NVCC, else PATH, else ${CUDA_HOME:-/usr/local/cuda}/bin.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../src/main/resources/io/circuitlens/kernels/cuda}"

nvcc="${NVCC:-$(command -v nvcc || true)}"
cuda_home="${CUDA_HOME:-/usr/local/cuda}"
if [ -z "$nvcc" ] && [ -x "$cuda_home/bin/nvcc" ]; then nvcc="$cuda_home/bin/nvcc"; fi
if [ -z "$nvcc" ]; then
    echo "build-ptx: nvcc not found (set NVCC or put the CUDA toolkit on PATH)" >&2
    exit 1
fi

mkdir -p "$out"
# No --use_fast_math: float32 with IEEE division, square root and denormals; -O3 for the device code.
# Compiled from inside kernels/ with relative names, so the output does not depend on where the checkout lives.
cd "$here"
for src in *.cu; do
    family="${src%.cu}"
    "$nvcc" -arch=compute_80 -ptx -O3 -std=c++17 --Werror all-warnings "$src" -o "$out/$family.ptx.tmp"
    mv "$out/$family.ptx.tmp" "$out/$family.ptx"
done
