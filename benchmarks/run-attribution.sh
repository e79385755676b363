#!/usr/bin/env bash
# Attribution benchmark (CPU): AttributionBenchmark's cases, one shot each after one warm-up shot, on a
# GPT-2-small-shaped random model with 8 IOI-shaped pairs of 16 tokens. The reference measured in the same run is
# naive-ap-heads (one full forward per patch). About 15 minutes on 2 cores.
#
#   benchmarks/run-attribution.sh
#   TASKS="atp,ap-heads,naive-ap-heads" benchmarks/run-attribution.sh
#
# Results go to benchmarks/target/attribution-run/.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)/target/attribution-run"
source "$(dirname "$0")/bench-env.sh"
tasks=${TASKS:-atp,ap-heads,naive-ap-heads,ap-neurons-L11,ig-heads,ig-neurons}
"$java" --add-modules jdk.incubator.vector -jar "$jar" io.circuitlens.bench.AttributionBenchmark -p "task=$tasks" \
    -rf json -rff "$out/jmh.json" > "$out/jmh.log" 2>&1 || { cat "$out/jmh.log"; exit 1; }
grep -E '^AttributionBenchmark' "$out/jmh.log"
"$python" - "$out" <<'PY'
import json, sys
runs = {r["params"]["task"]: r["primaryMetric"]["score"] for r in json.load(open(f"{sys.argv[1]}/jmh.json"))}
print("\n| task | seconds |\n|---|---:|")
for t, s in runs.items():
    print(f"| {t} | {s:.2f} |")
if "ap-heads" in runs and "naive-ap-heads" in runs:
    print(f"\nAP of all heads, batched and started at each head's layer, vs one full forward per patch: "
          f"{runs['naive-ap-heads'] / runs['ap-heads']:.1f}x faster")
PY
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
