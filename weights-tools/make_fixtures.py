"""Builds the reference fixtures the Java tests compare against.

    python3 weights-tools/make_fixtures.py PLAN.json OUT_DIR

PLAN.json lists models made by `circuitlens make-tiny` (folder, the make-tiny arguments, prompts). For each, this
writes OUT_DIR/NAME/reference.safetensors (token ids, logits of every prompt, and every hook of one prompt, computed
by the float64 numpy forward in gpt2_reference.py) and OUT_DIR/NAME/spec.json. Where PyTorch and Hugging Face
`transformers` are installed, the same prompts also run through GPT2LMHeadModel in float64: its tokenizer must give
the same ids, its logits become the reference logits, and the largest numpy-vs-transformers differences (logits,
residual stream, attention pattern, MLP activations) are recorded in spec.json, failing above 1e-9.
"""
import hashlib
import json
import os
import sys

import numpy as np

import gpt2_reference as ref
import st_io

AGREEMENT = 1e-9


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def hf_check(model_dir, prompts, np_results):
    """Runs transformers on the prompts; returns (ids, logits, diffs) or None when it is not installed."""
    try:
        import torch
        import transformers
    except ImportError:
        return None
    model = transformers.GPT2LMHeadModel.from_pretrained(model_dir, torch_dtype=torch.float64, attn_implementation="eager")
    model.eval()
    tok = transformers.GPT2TokenizerFast.from_pretrained(model_dir)
    diffs = {"logits": 0.0, "hook_resid_pre": 0.0, "attn.hook_pattern": 0.0, "ln1.hook_normalized": 0.0,
             "mlp.hook_pre": 0.0, "mlp.hook_post": 0.0, "hook_attn_out": 0.0, "hook_mlp_out": 0.0,
             "ln_final.hook_normalized": 0.0}
    ids_all, logits_all = [], []
    for text, (ids_np, logits_np, hooks_np) in zip(prompts, np_results):
        ids = [tok.convert_tokens_to_ids("<|endoftext|>")] + tok(text)["input_ids"]
        if ids != ids_np:
            raise SystemExit(f"{model_dir}: tokenizers disagree on {text!r}: transformers {ids} vs numpy {ids_np}")
        captured = {}
        handles = []
        for l, block in enumerate(model.transformer.h):
            def keep(name):
                def hook(_m, _inp, out):
                    captured[name] = (out[0] if isinstance(out, tuple) else out)[0].detach().numpy()
                return hook
            b = f"blocks.{l}."
            handles += [block.ln_1.register_forward_hook(keep(b + "ln1.hook_normalized")),
                        block.mlp.c_fc.register_forward_hook(keep(b + "mlp.hook_pre")),
                        block.mlp.act.register_forward_hook(keep(b + "mlp.hook_post")),
                        block.attn.register_forward_hook(keep(b + "hook_attn_out")),
                        block.mlp.register_forward_hook(keep(b + "hook_mlp_out"))]
        with torch.no_grad():
            out = model(torch.tensor([ids]), output_hidden_states=True, output_attentions=True)
        for h in handles:
            h.remove()
        logits = out.logits[0].numpy()
        diffs["logits"] = max(diffs["logits"], float(np.abs(logits - logits_np).max()))
        n_layer = len(model.transformer.h)
        for l in range(n_layer):
            b = f"blocks.{l}."
            diffs["hook_resid_pre"] = max(diffs["hook_resid_pre"], float(np.abs(out.hidden_states[l][0].numpy() - hooks_np[b + "hook_resid_pre"]).max()))
            diffs["attn.hook_pattern"] = max(diffs["attn.hook_pattern"], float(np.abs(out.attentions[l][0].numpy() - hooks_np[b + "attn.hook_pattern"]).max()))
            for key in ("ln1.hook_normalized", "mlp.hook_pre", "mlp.hook_post", "hook_attn_out", "hook_mlp_out"):
                diffs[key] = max(diffs[key], float(np.abs(captured[b + key] - hooks_np[b + key]).max()))
        # transformers applies ln_f to its last hidden state
        diffs["ln_final.hook_normalized"] = max(diffs["ln_final.hook_normalized"], float(np.abs(out.hidden_states[n_layer][0].numpy() - hooks_np["ln_final.hook_normalized"]).max()))
        ids_all.append(ids)
        logits_all.append(logits)
    worst = max(diffs.values())
    if worst > AGREEMENT:
        raise SystemExit(f"{model_dir}: numpy and transformers disagree by {worst:g}: {diffs}")
    version = f"transformers {transformers.__version__}, torch {torch.__version__}, float64"
    return ids_all, logits_all, diffs, version


def build(entry, out_root):
    model_dir = entry["model_dir"]
    prompts = entry["prompts"]
    cfg, params = ref.load(model_dir)
    np_results = []
    for text in prompts:
        ids = ref.byte_level_ids(model_dir, text, bos=True)
        logits, hooks = ref.forward(cfg, params, ids)
        np_results.append((ids, logits, hooks))
    hf = hf_check(model_dir, prompts, np_results)
    tensors = {}
    for i, (ids, logits, hooks) in enumerate(np_results):
        tensors[f"prompt{i}.tokens"] = np.asarray(ids, dtype=np.int64)
        tensors[f"prompt{i}.logits"] = (hf[1][i] if hf else logits).astype(np.float32)
    hooks_prompt = entry.get("hooks_prompt", 0)
    for name, value in np_results[hooks_prompt][2].items():
        tensors[f"prompt{hooks_prompt}.{name}"] = value.astype(np.float32)
    out_dir = os.path.join(out_root, entry["name"])
    os.makedirs(out_dir, exist_ok=True)
    spec = {
        "name": entry["name"],
        "make_tiny": entry["make_tiny"],
        "model_sha256": sha256(os.path.join(model_dir, "model.safetensors")),
        "prompts": prompts,
        "bos": True,
        "hooks_prompt": hooks_prompt,
        "logits_reference": hf[3] if hf else "numpy float64 (weights-tools/gpt2_reference.py)",
        "hooks_reference": "numpy float64 (weights-tools/gpt2_reference.py), stored as float32",
        "numpy_vs_transformers_max_abs_diff": hf[2] if hf else None,
    }
    st_io.write(os.path.join(out_dir, "reference.safetensors"), tensors, {"generator": "weights-tools/make_fixtures.py"})
    with open(os.path.join(out_dir, "spec.json"), "w") as f:
        json.dump(spec, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(entry["name"], "->", out_dir, "| logits from:", spec["logits_reference"], "| diffs:", spec["numpy_vs_transformers_max_abs_diff"])


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    for e in plan:
        build(e, sys.argv[2])
