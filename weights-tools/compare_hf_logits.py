"""Checks a `circuitlens logits` output against Hugging Face transformers (float64, CPU) on the same model folder.

    bin/circuitlens logits --model DIR --prompts P.txt --out ours.safetensors
    python3 weights-tools/compare_hf_logits.py DIR P.txt ours.safetensors [--no-bos]

Prints, per prompt, whether the token ids agree, the largest |logit difference| over all real positions and whether
the top-1 next token agrees; exits non-zero when ids differ or a logit differs by more than --tolerance (1e-3).
"""
import argparse
import sys

import numpy as np

import st_io


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("prompts")
    ap.add_argument("ours")
    ap.add_argument("--no-bos", action="store_true")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    args = ap.parse_args()

    import torch
    import transformers

    tensors, _ = st_io.read(args.ours)
    logits, lengths, tokens = tensors["logits"], tensors["lengths"], tensors["tokens"]
    with open(args.prompts, encoding="utf-8") as f:
        prompts = f.read().split("\n")
    if prompts and prompts[-1] == "":
        prompts = prompts[:-1]
    model = transformers.GPT2LMHeadModel.from_pretrained(args.model_dir, torch_dtype=torch.float64)
    model.eval()
    tok = transformers.GPT2TokenizerFast.from_pretrained(args.model_dir)
    bos = [] if args.no_bos else [tok.convert_tokens_to_ids("<|endoftext|>")]
    worst = 0.0
    ok = True
    for i, text in enumerate(prompts):
        ids = bos + tok(text)["input_ids"]
        n = int(lengths[i])
        ours_ids = [int(t) for t in tokens[i, :n]]
        same_ids = ids == ours_ids
        with torch.no_grad():
            ref = model(torch.tensor([ids])).logits[0].numpy()
        diff = float(np.abs(ref - logits[i, :n]).max()) if same_ids else float("nan")
        top_same = int(ref[-1].argmax()) == int(logits[i, n - 1].argmax())
        worst = max(worst, diff) if same_ids else worst
        ok &= same_ids and diff <= args.tolerance
        print(f"prompt {i}: {n} tokens, ids {'agree' if same_ids else 'DIFFER'}, max|dlogit| {diff:.3g}, top-1 {'agrees' if top_same else 'DIFFERS'}")
    print(f"worst max|dlogit| = {worst:.3g} over {len(prompts)} prompts (transformers {transformers.__version__}, float64)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
