"""A float64 numpy GPT-2 forward pass with every TransformerLens hook point (no weight processing).

Written from the GPT-2 architecture, independently of the Java engine, to produce reference fixtures:
    python3 weights-tools/gpt2_reference.py MODEL_DIR "some text" [--no-bos]
prints the top next-token logits. Hook names and shapes follow TransformerLens (per prompt, no batch axis).
"""
import json
import os
import sys

import numpy as np

import st_io


def load(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    tensors, _ = st_io.read(os.path.join(model_dir, "model.safetensors"))
    prefix = "transformer." if "transformer.wte.weight" in tensors else ""
    p = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
    return cfg, p


def layer_norm(x, w, b, eps, hooks, name):
    x = x - x.mean(-1, keepdims=True)
    scale = np.sqrt((x ** 2).mean(-1, keepdims=True) + eps)
    hooks[name + ".hook_scale"] = scale
    out = x / scale * w + b
    hooks[name + ".hook_normalized"] = out
    return out


def gelu_new(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def forward(cfg, p, tokens):
    """Returns (logits [pos, vocab], hooks {name: array}) for one prompt of token ids."""
    n_layer, n_head, d = cfg["n_layer"], cfg["n_head"], cfg["n_embd"]
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    dh = d // n_head
    T = len(tokens)
    hooks = {}
    embed = p["wte.weight"][np.asarray(tokens)]
    pos = p["wpe.weight"][:T]
    hooks["hook_embed"] = embed
    hooks["hook_pos_embed"] = pos
    resid = embed + pos
    mask = np.tril(np.ones((T, T), dtype=bool))
    for l in range(n_layer):
        h = f"h.{l}."
        b = f"blocks.{l}."
        hooks[b + "hook_resid_pre"] = resid
        x = layer_norm(resid, p[h + "ln_1.weight"], p[h + "ln_1.bias"], eps, hooks, b + "ln1")
        qkv = x @ p[h + "attn.c_attn.weight"] + p[h + "attn.c_attn.bias"]
        q, k, v = (qkv[:, i * d:(i + 1) * d].reshape(T, n_head, dh) for i in range(3))
        hooks[b + "attn.hook_q"], hooks[b + "attn.hook_k"], hooks[b + "attn.hook_v"] = q, k, v
        scores = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(dh)
        scores = np.where(mask[None], scores, -np.inf)
        hooks[b + "attn.hook_attn_scores"] = scores
        e = np.exp(scores - scores.max(-1, keepdims=True))
        pattern = e / e.sum(-1, keepdims=True)
        hooks[b + "attn.hook_pattern"] = pattern
        z = np.einsum("hqk,khd->qhd", pattern, v)
        hooks[b + "attn.hook_z"] = z
        w_o = p[h + "attn.c_proj.weight"].reshape(n_head, dh, d)
        result = np.einsum("qhd,hdm->qhm", z, w_o)
        hooks[b + "attn.hook_result"] = result
        attn_out = result.sum(1) + p[h + "attn.c_proj.bias"]
        hooks[b + "hook_attn_out"] = attn_out
        resid = resid + attn_out
        hooks[b + "hook_resid_mid"] = resid
        hooks[b + "hook_mlp_in"] = resid
        x = layer_norm(resid, p[h + "ln_2.weight"], p[h + "ln_2.bias"], eps, hooks, b + "ln2")
        pre = x @ p[h + "mlp.c_fc.weight"] + p[h + "mlp.c_fc.bias"]
        hooks[b + "mlp.hook_pre"] = pre
        post = gelu_new(pre)
        hooks[b + "mlp.hook_post"] = post
        mlp_out = post @ p[h + "mlp.c_proj.weight"] + p[h + "mlp.c_proj.bias"]
        hooks[b + "hook_mlp_out"] = mlp_out
        resid = resid + mlp_out
        hooks[b + "hook_resid_post"] = resid
    x = layer_norm(resid, p["ln_f.weight"], p["ln_f.bias"], eps, hooks, "ln_final")
    logits = x @ p["wte.weight"].T
    return logits, hooks


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode character map."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def byte_level_ids(model_dir, text, bos=True):
    """Token ids for a byte-level vocabulary without merges (what make-tiny --vocab byte writes)."""
    with open(os.path.join(model_dir, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(os.path.join(model_dir, "merges.txt"), encoding="utf-8") as f:
        merges = [ln for ln in f.read().splitlines() if ln and not ln.startswith("#version")]
    if merges:
        raise ValueError("byte_level_ids only handles vocabularies without merges; use a real BPE tokenizer")
    m = bytes_to_unicode()
    ids = [vocab[m[b]] for b in text.encode("utf-8")]
    return ([vocab["<|endoftext|>"]] if bos else []) + ids


if __name__ == "__main__":
    model_dir, text = sys.argv[1], sys.argv[2]
    cfg, params = load(model_dir)
    toks = byte_level_ids(model_dir, text, bos="--no-bos" not in sys.argv)
    logits, _ = forward(cfg, params, toks)
    top = np.argsort(-logits[-1])[:5]
    for t in top:
        print(int(t), float(logits[-1, t]))
