#!/usr/bin/env bash
# Checks the committed PTX (src/main/resources/io/circuitlens/kernels/cuda/*.ptx):
#   1. it is what kernels/build-ptx.sh makes from kernels/*.cu now (fails, naming the file, when stale or missing),
#      and names nothing after the checkout's path (nvcc's _INTERNAL_<hash> names do);
#   2. ptxas assembles every file for sm_80 (Ampere) and sm_90 (Hopper); registers, shared memory and spills of
#      each kernel are printed;
#   3. gelu.ptx, patch.ptx, rows.ptx and reduce.ptx contain only explicitly rounded float and double add/sub/mul
#      (.rn), which ptxas may not fuse into a multiply-add: what keeps gelu_new and groupedDot bit-identical to
#      CpuKernels and BLEND (patches, prompt-row interpolation) exact at alpha = 1.
# Skips with a message (exit 0) where nvcc or ptxas is absent. Usage: kernels/check-ptx.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
committed="$here/../src/main/resources/io/circuitlens/kernels/cuda"

find_tool() {
    local t
    t="$(command -v "$1" || true)"
    local home="${CUDA_HOME:-/usr/local/cuda}"
    if [ -z "$t" ] && [ -x "$home/bin/$1" ]; then t="$home/bin/$1"; fi
    echo "$t"
}
nvcc="${NVCC:-$(find_tool nvcc)}"
ptxas="${PTXAS:-$(find_tool ptxas)}"
if [ -z "$nvcc" ] || [ -z "$ptxas" ]; then
    echo "check-ptx: nvcc or ptxas not found, skipping the PTX checks (the committed PTX is used as it is)"
    exit 0
fi

fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
NVCC="$nvcc" "$here/build-ptx.sh" "$fresh"

for f in "$fresh"/*.ptx; do
    name="$(basename "$f")"
    if [ ! -f "$committed/$name" ]; then
        echo "check-ptx: src/main/resources/io/circuitlens/kernels/cuda/$name is missing: run kernels/build-ptx.sh" >&2
        exit 1
    fi
    if ! cmp -s "$f" "$committed/$name"; then
        echo "check-ptx: src/main/resources/io/circuitlens/kernels/cuda/$name is stale: run kernels/build-ptx.sh" >&2
        exit 1
    fi
done
for f in "$committed"/*.ptx; do
    name="$(basename "$f")"
    if [ ! -f "$fresh/$name" ]; then
        echo "check-ptx: src/main/resources/io/circuitlens/kernels/cuda/$name has no kernels/${name%.ptx}.cu: delete it" >&2
        exit 1
    fi
done
echo "check-ptx: committed PTX matches kernels/*.cu ($("$nvcc" --version | tail -n 1))"
# nvcc names internal-linkage globals (a static function's __shared__ tile) _INTERNAL_<hash of the source's absolute
# path>: such PTX would differ between checkouts and fail step 1 elsewhere
if grep -l '_INTERNAL_' "$committed"/*.ptx >/dev/null; then
    echo "check-ptx: $(grep -l '_INTERNAL_' "$committed"/*.ptx | xargs -n 1 basename | tr '\n' ' ')has path-dependent _INTERNAL_ names: give the function holding the __shared__ array external linkage" >&2
    exit 1
fi

for arch in sm_80 sm_90; do
    for f in "$committed"/*.ptx; do
        name="$(basename "$f")"
        if ! log="$("$ptxas" -arch="$arch" -v "$f" -o /dev/null 2>&1)"; then
            echo "check-ptx: ptxas -arch=$arch failed on $name:" >&2
            echo "$log" >&2
            exit 1
        fi
        # one line per kernel: name, registers, shared memory, spills
        echo "$log" | awk -v arch="$arch" -v file="$name" '
            /Compiling entry function/ { k = $0; sub(/.*function \047/, "", k); sub(/\047.*/, "", k) }
            /bytes stack frame/ { spill = $5 "+" $9 " spill bytes" }
            /Used [0-9]+ registers/ {
                regs = $0; sub(/.*Used /, "", regs); sub(/ registers.*/, "", regs)
                smem = "0"; if (match($0, /[0-9]+ bytes smem/)) smem = substr($0, RSTART, RLENGTH - 11)
                printf "  %-6s %-16s %-30s %3s registers %6s B smem  %s\n", arch, file, k, regs, smem, spill
            }'
    done
done

for name in gelu.ptx patch.ptx rows.ptx reduce.ptx; do
    if grep -Eq '^[[:space:]]*(add|sub|mul)\.f(32|64)' "$committed/$name"; then
        echo "check-ptx: $name has a float add/sub/mul without .rn, which ptxas may fuse: use __fadd_rn/__dmul_rn/..." >&2
        exit 1
    fi
done
echo "check-ptx: ok (sm_80, sm_90; gelu, patch, rows and reduce arithmetic explicitly rounded)"
