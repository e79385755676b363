#!/usr/bin/env bash
# CPU GEMM benchmark: builds benchmarks.jar, then for each shape of GemmBenchmark runs JMH (all cores) and right after
# it numpy_gemm.py (numpy float32 @, same shape, same thread count), so both see the same machine load; prints per
# shape Java GFLOP/s, numpy GFLOP/s and their ratio.
#
#   benchmarks/run-gemm.sh                        # every shape, about 3 minutes on 2 cores
#   GEMM_SHAPES="512x768x768_NN 8x50257x768_NT" benchmarks/run-gemm.sh
#   JMH_ARGS="-f 1 -wi 1 -i 2" benchmarks/run-gemm.sh   # quicker, noisier
#
# Results (JMH and numpy JSON per shape, a markdown table) go to benchmarks/target/gemm-run/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export JAVA_HOME=${CIRCUITLENS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
python=${PYTHON:-python3}
threads=$(nproc)
out="$here/target/gemm-run"
jar="$here/target/benchmarks.jar"
bench=io.circuitlens.bench.GemmBenchmark

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $threads cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$here" && mvn -q -B package -DskipTests)
rm -rf "$out" && mkdir -p "$out"

read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 3 -i 5}"
if [[ -n "${GEMM_SHAPES:-}" ]]; then
    read -r -a shapes <<< "$GEMM_SHAPES"
else
    # The @Param list of GemmBenchmark, as JMH lists it: param "shape" = {a, b, ...}
    mapfile -t shapes < <("$java" -jar "$jar" "$bench" -lp | sed -n 's/.*param "shape" = {\(.*\)}/\1/p' | tr -d ' ' | tr ',' '\n')
fi

for shape in "${shapes[@]}"; do
    echo "== $shape"
    "$java" --add-modules jdk.incubator.vector -jar "$jar" "$bench" "${jmh_args[@]}" -p "shape=$shape" \
        -rf json -rff "$out/jmh-$shape.json" > "$out/jmh-$shape.log" 2>&1
    grep -E '^GemmBenchmark' "$out/jmh-$shape.log" || { cat "$out/jmh-$shape.log"; exit 1; }
    OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads \
        "$python" "$here/numpy_gemm.py" "$shape" > "$out/numpy-$shape.json"
done

"$python" - "$out" "${shapes[@]}" <<'PY'
import json, sys
out, shapes = sys.argv[1], sys.argv[2:]
rows = ["| shape (m×n×k, op) | Java GFLOP/s | numpy GFLOP/s | Java / numpy |",
        "|---|---:|---:|---:|"]
for shape in shapes:
    jmh = json.load(open(f"{out}/jmh-{shape}.json"))[0]
    gflops = jmh["secondaryMetrics"]["gflops"]
    npy = json.load(open(f"{out}/numpy-{shape}.json"))
    java_mean, java_err = gflops["score"], gflops["scoreError"]
    err = f" ± {java_err:.1f}" if isinstance(java_err, (int, float)) and java_err == java_err else ""
    ref = npy["results"][0]["gflops"]
    rows.append(f"| {shape} | {java_mean:.1f}{err} | {ref:.1f} | {java_mean / ref:.2f} |")
table = "\n".join(rows)
open(f"{out}/table.md", "w").write(table + "\n")
print()
print(f"Java: JMH mean of the measured iterations ± 99.9% error; numpy {npy['numpy']}: best of 7 repeats; "
      f"BLAS {npy['blas']}; threads {npy['threads_env']}")
print(table)
PY
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
