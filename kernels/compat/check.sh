#!/usr/bin/env bash
# Checks the cuBLAS 13 compat library without a GPU (what each step proves is in README.md):
#   a. readelf: the library defines version node libcublas.so.12 and exports exactly symbols.txt in it;
#   b. test/test_forward.c: argument passing through the first-call path (fake cuBLAS 13), the stand-ins for a
#      missing function and a missing library, and, where libcublas.so.13 is found, cuBLAS 13's own answers through
#      the shim;
#   c. with the shim on LD_LIBRARY_PATH, a JVM loads JCublas2's native library and calls cuBLAS 13 through it
#      (needs java, the JCuda jars in ~/.m2 and libcublas.so.13).
# Steps whose tools or libraries are missing are skipped with a message. Usage: kernels/compat/check.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v gcc >/dev/null 2>&1; then
    echo "compat: gcc not found, skipping the cuBLAS compat checks"
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
pass() {
    echo "ok   $1"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL $1"
    echo "$passed passed, 1 failed"
    exit 1
}

"$here/build.sh" "$work"
shim="$work/libcublas.so.12"

# a. version node and exports
readelf -V -W "$shim" | grep -q 'Name: libcublas.so.12' || fail "no version node libcublas.so.12"
readelf --dyn-syms -W "$shim" | awk '$7 != "UND" && $8 ~ /@@libcublas\.so\.12$/ { sub(/@.*/, "", $8); print $8 }' |
    LC_ALL=C sort -u >"$work/exported.txt"
cmp -s "$work/exported.txt" "$here/symbols.txt" || fail "exports differ from symbols.txt: $(diff "$work/exported.txt" "$here/symbols.txt" | head -n 3 | tr '\n' ' ')"
readelf -d "$shim" | grep -q 'SONAME.*\[libcublas.so.12\]' || fail "soname is not libcublas.so.12"
pass "libcublas.so.12 has soname libcublas.so.12 and version node libcublas.so.12 with the $(wc -l <"$here/symbols.txt") functions of symbols.txt"

# b. forwarding
gcc -O1 -Wall -Wextra -Werror -o "$work/test_forward" "$here/test/test_forward.c" -ldl
mkdir -p "$work/fake"
gcc -O1 -Wall -Wextra -Werror -shared -fPIC -o "$work/fake/libcublas.so.13" "$here/test/fake_cublas13.c"
CIRCUITLENS_LIBCUBLAS13="$work/fake/libcublas.so.13" "$work/test_forward" "$shim" fake 2>"$work/fake.err" | sed 's/^/  /' || fail "forwarding to the fake cuBLAS 13"
grep -q 'cublasDgemm_v2 is not in libcublas.so.13' "$work/fake.err" || fail "no stderr message naming the missing function"
pass "arguments pass through the first-call path; a missing function returns NOT_SUPPORTED and is named on stderr"
CIRCUITLENS_LIBCUBLAS13="$work/none/libcublas.so.13" "$work/test_forward" "$shim" missing 2>"$work/missing.err" | sed 's/^/  /' || fail "missing libcublas.so.13"
grep -q 'cannot load .*libcublas.so.13' "$work/missing.err" || fail "no stderr message for a missing libcublas.so.13"
pass "without libcublas.so.13: one stderr line saying so, calls return NOT_INITIALIZED"

# libcublas.so.13: $CIRCUITLENS_LIBCUBLAS13, the loader's cache, the toolkit, or pip's nvidia-cublas package
find_cublas13() {
    if [ -n "${CIRCUITLENS_LIBCUBLAS13:-}" ]; then echo "$CIRCUITLENS_LIBCUBLAS13"; return; fi
    local c
    c="$(ldconfig -p 2>/dev/null | awk '/libcublas\.so\.13 / { print $NF; exit }')"
    if [ -n "$c" ]; then echo "$c"; return; fi
    for c in /usr/local/cuda/lib64/libcublas.so.13 \
        "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' 2>/dev/null)/nvidia/cu13/lib/libcublas.so.13" \
        /usr/local/lib/python3*/*-packages/nvidia/cu13/lib/libcublas.so.13 /usr/lib/python3/dist-packages/nvidia/cu13/lib/libcublas.so.13; do
        if [ -f "$c" ]; then echo "$c"; return; fi
    done
}
cublas13="$(find_cublas13)"
if [ -z "$cublas13" ]; then
    echo "compat: libcublas.so.13 not found (pip install nvidia-cublas, or set CIRCUITLENS_LIBCUBLAS13): skipping the checks against cuBLAS 13"
    echo "$passed passed, 0 failed"
    exit 0
fi
"$work/test_forward" "$shim" real "$cublas13" | sed 's/^/  /' || fail "forwarding to $cublas13"
pass "cublasGetProperty, cublasGetCudartVersion, cublasGetStatusString through the shim give $cublas13's answers"

# c. JCublas2 in a JVM
m2="${HOME}/.m2/repository/org/jcuda"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jars="$m2/jcuda/12.6.0/jcuda-12.6.0.jar:$m2/jcublas/12.6.0/jcublas-12.6.0.jar:$m2/jcublas-natives/12.6.0/jcublas-natives-12.6.0-linux-x86_64.jar"
if ! command -v "$java_bin" >/dev/null 2>&1 || [ ! -f "$m2/jcublas-natives/12.6.0/jcublas-natives-12.6.0-linux-x86_64.jar" ]; then
    echo "compat: java or the JCuda 12.6.0 jars (~/.m2) missing: skipping the JVM load check"
    echo "$passed passed, 0 failed"
    exit 0
fi
LD_LIBRARY_PATH="$work:$(dirname "$cublas13")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$java_bin" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$work" -cp "$jars" "$here/test/JCublasLoad.java" | sed 's/^/  /' ||
    fail "JCublas2 through the shim in a JVM"
pass "a JVM loads JCublas2's native library against the shim and reaches cuBLAS 13 (no libcuda.so.1 needed)"
echo "$passed passed, 0 failed"
