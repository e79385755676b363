#!/usr/bin/env bash
# CPU checks on a machine without Maven (e.g. the lent GPU machine, whose CPU differs from the dev machines):
#   1. end-to-end numerics on that CPU's vector width: make-tiny + `logits` on the tiny-odd fixture model, compared
#      with the committed transformers/numpy reference;
#   2. ForwardBenchmark vs numpy_forward.py and a few GemmBenchmark shapes vs numpy_gemm.py, all cores.
# Usage (repo root; target/circuitlens.jar and benchmarks/target/benchmarks.jar built beforehand):
#   JAVA_RUN=".device/run.sh" benchmarks/device-cpu-run.sh OUT_DIR
set -uo pipefail
out=${1:?usage: device-cpu-run.sh OUT_DIR}
java=${JAVA_RUN:-java --add-modules jdk.incubator.vector}
threads=$(nproc)
mkdir -p "$out"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $threads cores; flags: $(grep -o -w 'avx512f\|avx2\|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"
m=$(mktemp -d)
$java -jar target/circuitlens.jar make-tiny --out "$m" --layers 3 --heads 6 --d-model 48 --d-mlp 192 --n-ctx 64 --seed 7 >/dev/null
python3 - "$m" <<'PY' > "$m/prompts.txt"
import json, sys
for p in json.load(open("src/test/resources/fixtures/tiny-odd/spec.json"))["prompts"]:
    if "\n" not in p: print(p)
PY
$java -jar target/circuitlens.jar logits --model "$m" --prompts "$m/prompts.txt" --out "$m/logits.safetensors"
python3 - "$m" <<'PY'
import json, sys
sys.path.insert(0, "weights-tools")
import numpy as np, st_io
m = sys.argv[1]
ours, _ = st_io.read(f"{m}/logits.safetensors")
ref, _ = st_io.read("src/test/resources/fixtures/tiny-odd/reference.safetensors")
prompts = json.load(open("src/test/resources/fixtures/tiny-odd/spec.json"))["prompts"]
lines = [p for p in prompts if "\n" not in p]
worst = 0.0
for i, p in enumerate(lines):
    r = ref[f"prompt{prompts.index(p)}.logits"]
    worst = max(worst, float(np.abs(ours["logits"][i, :len(r)] - r).max()))
print(f"tiny-odd logits on this CPU vs the transformers reference: max |diff| = {worst:.3g} (tolerance 1e-4)")
PY
$java -jar benchmarks/target/benchmarks.jar io.circuitlens.bench.ForwardBenchmark -f 1 -wi 3 -i 5 -rf json -rff "$out/forward-jmh.json" 2>&1 | grep -E '^ForwardBenchmark'
OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads python3 benchmarks/numpy_forward.py --repeats 5 | tee "$out/numpy-forward.json"
for shape in 512x3072x768_NN 512x50257x768_NT; do
  $java -jar benchmarks/target/benchmarks.jar io.circuitlens.bench.GemmBenchmark -f 1 -wi 3 -i 5 -p "shape=$shape" 2>&1 | grep -E '^GemmBenchmark' | tail -2
  OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads python3 benchmarks/numpy_gemm.py --repeats 10 --min-seconds 0.5 "$shape"
done
python3 -c "import numpy; numpy.show_config()" 2>/dev/null | grep -iE "openblas configuration|name:|version:" | head -4
