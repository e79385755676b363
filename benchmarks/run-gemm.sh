#!/usr/bin/env bash
# CPU GEMM benchmark: builds benchmarks.jar, then for each shape of GemmBenchmark runs JMH (all cores) and right after
# it numpy_gemm.py (numpy float32 @, same shape, same thread count), so both see the same machine load; prints per
# shape Java GFLOP/s, numpy GFLOP/s and their ratio.
#
#   benchmarks/run-gemm.sh                        # every shape, about 4 minutes on 2 cores
#   GEMM_SHAPES="512x768x768_NN 8x50257x768_NT" benchmarks/run-gemm.sh
#   JMH_ARGS="-f 1 -wi 1 -i 2" benchmarks/run-gemm.sh   # quicker, noisier
#
# Results (JMH and numpy JSON per shape, a markdown table) go to benchmarks/target/gemm-run/.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)/target/gemm-run"
bench=io.circuitlens.bench.GemmBenchmark
source "$(dirname "$0")/bench-env.sh"

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
        "$python" "$here/numpy_gemm.py" --repeats 10 --min-seconds 0.5 "$shape" > "$out/numpy-$shape.json"
done

"$python" - "$out" "${shapes[@]}" <<'PY'
import json, sys
out, shapes = sys.argv[1], sys.argv[2:]
# The machine's speed drifts (other tenants), so both the typical (Java mean, numpy median) and the best
# (fastest JMH iteration, fastest numpy repeat) numbers are shown, each with its ratio.
rows = ["| shape (m×n×k, op) | Java mean | Java best | numpy median | numpy best | ratio mean/median | ratio best/best |",
        "|---|---:|---:|---:|---:|---:|---:|"]
for shape in shapes:
    gflops = json.load(open(f"{out}/jmh-{shape}.json"))[0]["secondaryMetrics"]["gflops"]
    npy = json.load(open(f"{out}/numpy-{shape}.json"))
    java_mean = gflops["score"]
    java_best = max(x for fork in gflops["rawData"] for x in fork)
    np_best, np_median = npy["results"][0]["gflops"], npy["results"][0]["gflops_median"]
    rows.append(f"| {shape} | {java_mean:.1f} | {java_best:.1f} | {np_median:.1f} | {np_best:.1f} "
                f"| {java_mean / np_median:.2f} | {java_best / np_best:.2f} |")
table = "\n".join(rows)
open(f"{out}/table.md", "w").write(table + "\n")
print()
print(f"GFLOP/s. Java: GemmBenchmark (JMH), mean and fastest of the measured iterations. numpy {npy['numpy']}: "
      f"median and fastest of the timed repeats; BLAS {npy['blas']}; threads {npy['threads_env']}")
print(table)
PY
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
