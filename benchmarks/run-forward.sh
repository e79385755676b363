#!/usr/bin/env bash
# CPU forward benchmark: builds benchmarks.jar, runs ForwardBenchmark (JMH, all cores) and right after it the same
# workload in numpy (numpy_forward.py, same thread count) and numpy's sgemm on the MLP shape for scale; prints
# tokens/s, GFLOP/s and the Java/numpy ratio. About 2 minutes on 2 cores.
#
#   benchmarks/run-forward.sh
#   JMH_ARGS="-f 1 -wi 1 -i 2" benchmarks/run-forward.sh   # quicker, noisier
#
# Results go to benchmarks/target/forward-run/.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)/target/forward-run"
source "$(dirname "$0")/bench-env.sh"
read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 3 -i 5}"
"$java" --add-modules jdk.incubator.vector -jar "$jar" io.circuitlens.bench.ForwardBenchmark "${jmh_args[@]}" \
    -rf json -rff "$out/jmh.json" > "$out/jmh.log" 2>&1 || { cat "$out/jmh.log"; exit 1; }
grep -E '^ForwardBenchmark' "$out/jmh.log"
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
"$python" "$here/numpy_forward.py" --repeats 5 > "$out/numpy-forward.json"
"$python" "$here/numpy_gemm.py" --repeats 10 --min-seconds 0.5 512x3072x768_NN > "$out/numpy-gemm.json"

"$python" - "$out" <<'PY'
import json, sys
out = sys.argv[1]
jmh = json.load(open(f"{out}/jmh.json"))[0]
ms = jmh["primaryMetric"]["score"]
best_ms = min(x for fork in jmh["primaryMetric"]["rawData"] for x in fork)
npf = json.load(open(f"{out}/numpy-forward.json"))
gemm = json.load(open(f"{out}/numpy-gemm.json"))["results"][0]
tokens = 8 * 64
gflop = npf["gflops"] * npf["seconds"]  # same workload, same FLOP count
rows = ["| | seconds / forward | tokens/s | GFLOP/s |", "|---|---:|---:|---:|",
        f"| Java (JMH mean) | {ms / 1e3:.3f} | {tokens / (ms / 1e3):.0f} | {gflop / (ms / 1e3):.1f} |",
        f"| Java (fastest iteration) | {best_ms / 1e3:.3f} | {tokens / (best_ms / 1e3):.0f} | {gflop / (best_ms / 1e3):.1f} |",
        f"| numpy (fastest of 5) | {npf['seconds']:.3f} | {npf['tokens_per_s']:.0f} | {npf['gflops']:.1f} |"]
table = "\n".join(rows)
open(f"{out}/table.md", "w").write(table + "\n")
print(f"\n{npf['workload']}; {gflop:.1f} GFLOP per forward")
print(table)
print(f"\nratio Java/numpy: {npf['seconds'] / (ms / 1e3):.2f} (mean), {npf['seconds'] / (best_ms / 1e3):.2f} (best)")
print(f"numpy sgemm 512x3072x768 in the same run: {gemm['gflops']:.1f} GFLOP/s (best), {gemm['gflops_median']:.1f} (median)")
PY
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
