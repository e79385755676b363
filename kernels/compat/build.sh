#!/usr/bin/env bash
# Builds the cuBLAS 13 compat library OUTDIR/libcublas.so.12 (see README.md) from the committed sources; needs gcc.
# Usage: kernels/compat/build.sh OUTDIR
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: kernels/compat/build.sh OUTDIR" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$1"
gcc -shared -fPIC -O2 -Wall -Wextra -Werror \
    -Wl,-soname,libcublas.so.12 -Wl,--version-script="$here/libcublas.so.12.map" -Wl,-z,noexecstack \
    -o "$1/libcublas.so.12" "$here/shim.c" "$here/forwarders.generated.c" -ldl -lpthread
