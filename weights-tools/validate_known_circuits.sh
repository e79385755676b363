#!/usr/bin/env bash
# The README's table "Validation on models with known circuits": `circuitlens validate` on each committed model of
# datasets/known-circuits (every method, both directions, k = the truth's size, everything outside a circuit
# mean-ablated over the corrupted prompts, 20 random circuits), then one markdown table from the JSON outputs.
#   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; mvn -q -o -DskipTests package   (once)
#   weights-tools/validate_known_circuits.sh [OUT_DIR]       (NAMES="induction" to run fewer; THREADS=N)
# Needs jq for the table. Seconds are the attribution's wall time on the machine it runs on.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/known-circuits-validation}
names=${NAMES:-induction ioi fact}
mkdir -p "$out"
for name in $names; do
  dir=datasets/known-circuits/$name
  bin/circuitlens validate --model "$dir" --data "$dir/pairs.csv" --truth "$dir/truth.json" --quiet \
    ${THREADS:+--threads "$THREADS"} --out "$out/$name.json" 2>/dev/null >&2
done
echo "| model (k) | method | direction | precision | recall | faithfulness | seconds |"
echo "|---|---|---|---|---|---|---|"
for name in $names; do
  jq -r --arg name "$name" '
    def fixed($d): if . == null then "–" else (pow(10; $d)) as $s | (. * $s | round) as $c | ($c | fabs) as $a
      | "\(if $c < 0 then "-" else "" end)\(($a / $s) | floor)" + (if $d == 0 then "" else "." + ((($a % $s) + $s) | tostring | .[1:]) end) end;
    def f2: fixed(2);
    (if .truth_per_row then "k per row" else "k = \(.runs[0].k)" end) as $k
    | (.runs[] | "| \($name) (\($k)) | \(.method) | \(.direction) | \(.precision | f2) | \(.recall | f2) | \(.faithfulness | f2) | \(.seconds | fixed(1)) |"),
      "| \($name) | known circuit (the truth itself) | | | | \(.known_circuit_faithfulness | f2) | |",
      "| \($name) | \(.random_circuits.draws) random circuits of its size | | | | mean \(.random_circuits.mean | f2), max \(.random_circuits.max | f2) | |"
  ' "$out/$name.json"
done
