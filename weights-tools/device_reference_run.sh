#!/usr/bin/env bash
# Reference run on a machine with PyTorch + transformers (no Java needed unless a GPT-2 checkpoint is found):
#   1. recomputes the tiny-model fixtures with transformers float64 cross-checks (make_fixtures.py);
#   2. if a real GPT-2 checkpoint is in the local Hugging Face cache and Java is available ($JAVA_RUN, e.g.
#      ".device/run.sh"), runs `circuitlens logits` on it and compares with transformers (compare_hf_logits.py).
# Usage (repo root; tiny models made beforehand by make_fixture_models.py): weights-tools/device_reference_run.sh OUT_DIR
set -uo pipefail
out=${1:?usage: device_reference_run.sh OUT_DIR}
mkdir -p "$out/fixtures"
python3 -c "import torch, transformers, numpy; print('torch', torch.__version__, 'transformers', transformers.__version__, 'numpy', numpy.__version__)"
python3 weights-tools/make_fixtures.py weights-tools/fixture-plan.json "$out/fixtures" 2>&1 | grep -v Warning
gpt2=$(timeout 60 find / -xdev -type f -name config.json -path '*gpt2*' 2>/dev/null | grep -v fixture | head -n 1)
echo "GPT-2 checkpoint found: ${gpt2:-none}"
if [ -n "$gpt2" ] && [ -n "${JAVA_RUN:-}" ]; then
  dir=$(dirname "$gpt2")
  ls -la "$dir"
  $JAVA_RUN -jar target/circuitlens.jar logits --model "$dir" --prompts weights-tools/gpt2-check-prompts.txt --out "$out/gpt2-logits.safetensors" \
    && python3 weights-tools/compare_hf_logits.py "$dir" weights-tools/gpt2-check-prompts.txt "$out/gpt2-logits.safetensors" | tee "$out/gpt2-compare.txt"
  rm -f "$out/gpt2-logits.safetensors"
fi
