#!/usr/bin/env bash
# CPU GEMM benchmark: builds benchmarks.jar, runs GemmBenchmark (JMH, all cores) and numpy_gemm.py (numpy float32 @,
# same shapes, same thread count) in one go, and prints per shape Java GFLOP/s, numpy GFLOP/s and their ratio.
#
#   benchmarks/run-gemm.sh                      # every shape of GemmBenchmark, about 3 minutes on 2 cores
#   GEMM_SHAPES=512x768x768_NN,8x50257x768_NT benchmarks/run-gemm.sh
#   JMH_ARGS="-f 1 -wi 1 -i 2" benchmarks/run-gemm.sh   # quicker, noisier
#
# Results (JMH JSON, numpy JSON, a markdown table) go to benchmarks/target/gemm-run/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export JAVA_HOME=${CIRCUITLENS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
threads=$(nproc)
out="$here/target/gemm-run"
python=${PYTHON:-python3}

echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $threads threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$here" && mvn -q -B package -DskipTests)
mkdir -p "$out"

read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 3 -i 5}"
params=()
if [[ -n "${GEMM_SHAPES:-}" ]]; then params=(-p "shape=$GEMM_SHAPES"); fi
"$java" --add-modules jdk.incubator.vector -jar "$here/target/benchmarks.jar" 'io.circuitlens.bench.GemmBenchmark' \
    "${jmh_args[@]}" "${params[@]}" -rf json -rff "$out/jmh.json" | tee "$out/jmh.log"

# numpy on exactly the shapes JMH ran, with as many BLAS threads as the JVM had cores.
mapfile -t shapes < <("$python" -c 'import json,sys; [print(r["params"]["shape"]) for r in json.load(open(sys.argv[1]))]' "$out/jmh.json")
OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads \
    "$python" "$here/numpy_gemm.py" "${shapes[@]}" > "$out/numpy.json"

"$python" - "$out/jmh.json" "$out/numpy.json" "$out/table.md" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1]))
npy = json.load(open(sys.argv[2]))
java = {r["params"]["shape"]: r["secondaryMetrics"]["gflops"]["score"] for r in jmh}
ref = {r["shape"]: r["gflops"] for r in npy["results"]}
rows = ["| shape (m×n×k, op) | Java GFLOP/s | numpy GFLOP/s | Java / numpy |", "|---|---:|---:|---:|"]
for shape, g in java.items():
    rows.append(f"| {shape} | {g:.1f} | {ref[shape]:.1f} | {g / ref[shape]:.2f} |")
table = "\n".join(rows)
open(sys.argv[3], "w").write(table + "\n")
print()
print(f"numpy {npy['numpy']}, BLAS: {npy['blas']}, threads: {npy['threads_env']}")
print(table)
PY
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
