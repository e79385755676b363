#!/usr/bin/env bash
# Regenerates src/test/resources/fixtures/attribution/ (run from the repo root, after
# `mvn -DskipTests package` so that bin/circuitlens can write the tiny model): the make-tiny model, one safetensors
# per configuration from attribution_reference.py (each asserts its sanity checks), and spec.json.
set -euo pipefail
model=target/fixture-models/attribution
out=src/test/resources/fixtures/attribution
pairs=$out/pairs.csv
# spec.json records these arguments; keep the two in step (the block below writes it from this list)
tiny=(--layers 2 --heads 4 --d-model 32 --d-mlp 64 --n-ctx 64 --vocab byte --seed 5 --dtype f32 --key-style hub)
bin/circuitlens make-tiny --out "$model" "${tiny[@]}" 2>&1 | grep -v 'incubator modules'

list=$(mktemp)
trap 'rm -f "$list"' EXIT
fixture() {
  local name=$1; shift
  python3 weights-tools/attribution_reference.py --model "$model" --data "$pairs" --out "$out/$name.safetensors" "$@"
  echo "$name $*" >> "$list"
}
ld="--metric logit-diff"
for dir in clean-to-corrupted corrupted-to-clean; do
  fixture "ap.$dir.logit-diff" --method ap --direction $dir $ld
  fixture "atp.$dir.logit-diff" --method atp --direction $dir $ld
  fixture "ig.$dir.logit-diff" --method ig --direction $dir $ld --rule gauss-legendre --steps 50
  fixture "split-ig.$dir.logit-diff" --method split-ig --direction $dir $ld --rule gauss-legendre --steps 50 \
    --split-ratio 0.9 --split-rule endpoints
done
c2c="--direction clean-to-corrupted"
fixture "split-ig-minmax.clean-to-corrupted.logit-diff" --method split-ig $c2c $ld --steps 50 --split-rule minmax
# kl denoising has non-monotone paths, where minmax and endpoints pick different splits
fixture "split-ig-minmax.corrupted-to-clean.kl" --method split-ig --direction corrupted-to-clean --metric kl \
  --steps 50 --split-rule minmax
fixture "ig.clean-to-corrupted.prob-diff" --method ig $c2c --metric prob-diff --steps 50
fixture "ig.clean-to-corrupted.kl" --method ig $c2c --metric kl --steps 50
fixture "ig-riemann-left-1.clean-to-corrupted.logit-diff" --method ig $c2c $ld --rule riemann-left --steps 1
fixture "ig-trapezoid-10.clean-to-corrupted.logit-diff" --method ig $c2c $ld --rule trapezoid --steps 10
fixture "atp-mean.clean-to-corrupted.logit-diff" --method atp $c2c $ld --reduce mean

python3 - "$model" "$out" "$list" "${tiny[@]}" <<'PY'
import json, os, sys
sys.path.insert(0, "weights-tools")
import st_io
from attribution_reference import sha256
model, out, listing, tiny = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
mt = {tiny[i][2:].replace("-", "_"): tiny[i + 1] for i in range(0, len(tiny), 2)}
for k in ("layers", "heads", "d_model", "d_mlp", "n_ctx", "seed"):
    mt[k] = int(mt[k])
fixtures = []
for line in open(listing, encoding="utf-8").read().splitlines():
    name, *args = line.split(" ")
    _, meta = st_io.read(os.path.join(out, name + ".safetensors"))
    fixtures.append({"file": name + ".safetensors", "args": args, "metadata": meta})
spec = {
    "name": "attribution",
    "make_tiny": mt,
    "model_sha256": sha256(os.path.join(model, "model.safetensors")),
    "pairs": "pairs.csv",
    "bos": True,
    "reference": "weights-tools/attribution_reference.py: float64 numpy, gradients by central finite differences, stored as float32",
    "regenerate": "weights-tools/make_attribution_fixtures.sh",
    "fixtures": fixtures,
}
with open(os.path.join(out, "spec.json"), "w", encoding="utf-8") as f:
    json.dump(spec, f, indent=2, ensure_ascii=False)
    f.write("\n")
print("wrote", os.path.join(out, "spec.json"), "with", len(fixtures), "fixtures")
PY
