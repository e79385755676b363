#!/usr/bin/env bash
# Runs circuitlens itself on the committed known-circuit models: a prediction, single-component ablation tables
# (zero, mean, resample) and every attribution method in both directions, then prints how the truth ranks
# (known_circuits_ranks.py). Numbers in datasets/known-circuits/*/CARD.md come from this.
#   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; mvn -q -o -DskipTests package
#   weights-tools/check_known_circuits.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/known-circuits-check}
for name in ${NAMES:-induction fact ioi}; do
  dir=datasets/known-circuits/$name
  res=$out/$name
  mkdir -p "$res"
  prompt=$(python3 -c "import csv,sys; r=list(csv.DictReader(open('$dir/pairs.csv'))); print(r[0]['clean'])")
  echo "== $name: run --prompt '$prompt'"
  bin/circuitlens run --model "$dir" --prompt "$prompt" --top-k 3 2>/dev/null
  for kind in zero mean resample; do
    bin/circuitlens ablation-table --model "$dir" --data "$dir/pairs.csv" --components heads --ablation $kind \
      --quiet --out "$res/ablation-heads-$kind.safetensors" >/dev/null 2>&1
    bin/circuitlens ablation-table --model "$dir" --data "$dir/pairs.csv" --components neurons --ablation $kind \
      --quiet --out "$res/ablation-neurons-$kind.safetensors" >/dev/null 2>&1
  done
  for method in ap atp ig split-ig; do
    for direction in clean-to-corrupted corrupted-to-clean; do
      bin/circuitlens attribute --model "$dir" --data "$dir/pairs.csv" --method $method --direction $direction \
        --quiet --no-resume --out "$res/$method-$direction.safetensors" >/dev/null 2>&1
    done
  done
  "${PYTHON:-python3}" weights-tools/known_circuits_ranks.py "$dir" "$res"
done
