#!/usr/bin/env bash
# The CUDA backend's checks on a lent GPU machine, in one call of the device tool, under 8 minutes, building nothing
# there. Prepare first on a development machine with benchmarks/device-prepare.sh (its header lists what it makes),
# then, from the repository root:
#   run(command="benchmarks/device-run.sh", carry=[".device", "target/circuitlens.jar", "target/test-classes"],
#       timeout_s=540)
# Everything lands under $OUT (each step has its own time limit, and a failing step does not stop the next):
#   env.txt          GPU, driver, CUDA and PyTorch versions, what the backend reports (describe)
#   parity.txt       GpuParityTest + GpuKernelsTest + GpuWindowsTest (the @Tag("cuda") tests: CudaKernels on
#                    JCuda/cuBLAS against CpuKernels: logits, every hook and gradient, AP/AtP/IG/Split IG, ablations,
#                    transfers, memory reuse, kernel edge cases, window layouts) and BackendsTest (AUTO must pick
#                    CUDA); junit/ holds the XML reports
#   crosscheck.txt   CUDA logits (fp32 and tf32) against transformers float64: the committed reference of the
#                    tiny-odd fixture, and a GPT-2-small-shaped random model (12 × 768, byte vocabulary) through
#                    weights-tools/compare_hf_logits.py
#   speed.txt        forward passes (8×64, 32×128, 4×1024 tokens, all logits) and attribution jobs (AtP, AP on
#   speed.jsonl      all heads, IG on heads with 50 steps; 8 IOI-shaped pairs) on a GPT-2-small-shaped model: CUDA
#                    fp32, CUDA tf32 and the machine's CPU (16 cores), one JSON line per figure
set -uo pipefail
out=${OUT:?run this on the device machine, where OUT is set}
cd "$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
java=.device/run.sh
for need in .device/run.sh .device/junit-console.jar .device/lib/libcublas.so.12 .device/classes target/circuitlens.jar target/test-classes; do
    if [ ! -e "$need" ]; then echo "device-run: $need is missing: run benchmarks/device-prepare.sh and carry it" >&2; exit 1; fi
done
step() { echo "== $1 ($(date -u +%T), $SECONDS s)"; }
classes="target/circuitlens.jar:.device/classes"

step environment >"$out/env.txt"
{
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
    python3 -c "import torch, transformers; print('torch', torch.__version__, 'CUDA', torch.version.cuda, 'transformers', transformers.__version__)"
    "$java" -version 2>&1 | head -n 1
    echo "libcublas.so.13: $(find /opt /usr/local /usr/lib -name 'libcublas.so.13*' 2>/dev/null | head -n 1)"
} >>"$out/env.txt" 2>&1
cat "$out/env.txt"

step "parity tests on the GPU" | tee "$out/parity.txt"
timeout 180 "$java" -jar .device/junit-console.jar execute --disable-banner --details=tree \
    --class-path "target/test-classes:target/circuitlens.jar" \
    --select-class io.circuitlens.kernels.cuda.GpuParityTest --select-class io.circuitlens.kernels.cuda.GpuKernelsTest \
    --select-class io.circuitlens.kernels.cuda.GpuWindowsTest \
    --select-class io.circuitlens.kernels.backends.BackendsTest --reports-dir "$out/junit" >>"$out/parity.txt" 2>&1
echo "exit status $?" >>"$out/parity.txt"
grep -E "ParityTest|KernelsTest|WindowsTest|backend |tests (successful|failed|aborted)|exit status|✘" "$out/parity.txt" | head -n 40

step "logits against transformers" | tee "$out/crosscheck.txt"
m=$(mktemp -d)
{
    # 1. tiny-odd (3 layers, 6 heads, d_model 48): the committed transformers float64 reference
    "$java" -jar target/circuitlens.jar make-tiny --out "$m/odd" --layers 3 --heads 6 --d-model 48 --d-mlp 192 --n-ctx 64 --seed 7 >/dev/null
    python3 -c "
import json
for p in json.load(open('src/test/resources/fixtures/tiny-odd/spec.json'))['prompts']:
    if '\n' not in p: print(p)" >"$m/odd.txt"
    for precision in fp32 tf32; do
        timeout 60 "$java" -cp "$classes" io.circuitlens.bench.BackendLogits cuda "$precision" "$m/odd" "$m/odd.txt" "$m/odd-$precision.safetensors" \
            && python3 - "$m/odd-$precision.safetensors" "$precision" <<'PY'
import json, sys
sys.path.insert(0, "weights-tools")
import numpy as np, st_io
ours, _ = st_io.read(sys.argv[1])
ref, _ = st_io.read("src/test/resources/fixtures/tiny-odd/reference.safetensors")
prompts = json.load(open("src/test/resources/fixtures/tiny-odd/spec.json"))["prompts"]
lines = [p for p in prompts if "\n" not in p]
worst = max(float(np.abs(ours["logits"][i, :len(ref[f"prompt{prompts.index(p)}.logits"])] - ref[f"prompt{prompts.index(p)}.logits"]).max())
            for i, p in enumerate(lines))
print(f"tiny-odd, CUDA {sys.argv[2]} vs the committed transformers float64 reference: max |dlogit| = {worst:.3g} (CPU backend: < 1e-4)")
PY
    done
    # 2. GPT-2-small shape with random weights: transformers float64 on the CPU as the reference
    "$java" -jar target/circuitlens.jar make-tiny --out "$m/small" --layers 12 --heads 12 --d-model 768 --d-mlp 3072 --n-ctx 1024 --seed 5 >/dev/null
    for precision in fp32 tf32; do
        tolerance=1e-3
        [ "$precision" = tf32 ] && tolerance=1e-1
        timeout 60 "$java" -cp "$classes" io.circuitlens.bench.BackendLogits cuda "$precision" "$m/small" weights-tools/gpt2-check-prompts.txt \
            "$m/small-$precision.safetensors" \
            && echo "GPT-2-small shape, CUDA $precision (tolerance $tolerance):" \
            && timeout 120 python3 weights-tools/compare_hf_logits.py "$m/small" weights-tools/gpt2-check-prompts.txt "$m/small-$precision.safetensors" \
                --tolerance "$tolerance"
    done
} >>"$out/crosscheck.txt" 2>&1
rm -rf "$m"
grep -E "tiny-odd|GPT-2-small|worst|DIFFER|Error|error" "$out/crosscheck.txt" | head -n 20

step "speed figures" | tee "$out/speed.txt"
: >"$out/speed.jsonl"
timeout 120 "$java" -cp "$classes" io.circuitlens.bench.DeviceSpeed cuda fp32 "$out/speed.jsonl" >>"$out/speed.txt" 2>&1
timeout 90 "$java" -cp "$classes" io.circuitlens.bench.DeviceSpeed cuda tf32 "$out/speed.jsonl" >>"$out/speed.txt" 2>&1
timeout 150 "$java" -cp "$classes" io.circuitlens.bench.DeviceSpeed cpu fp32 "$out/speed.jsonl" quick >>"$out/speed.txt" 2>&1
cat "$out/speed.txt"
step done
