"""A float64 numpy GPT-2 forward pass with every TransformerLens hook point (no weight processing).

Written from the GPT-2 architecture, independently of the Java engine, to produce reference fixtures:
    python3 weights-tools/gpt2_reference.py MODEL_DIR "some text" [--no-bos]
prints the top next-token logits. Hook names and shapes follow TransformerLens (per prompt, no batch axis).
`forward` can also start at a given block from a given residual stream and replace activations at hooks, with
the replacements batched on a leading axis; attribution_reference.py builds on that.
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


def gelu_new(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def _lin(x, w):
    """x [..., k] @ w [k, n] as one GEMM (numpy would otherwise loop over the leading axes)."""
    return (x.reshape(-1, x.shape[-1]) @ w).reshape(x.shape[:-1] + (w.shape[1],))


def forward(cfg, p, tokens=None, *, start_layer=0, resid=None, interventions=None, record=True, last_only=False):
    """Returns (logits [..., pos, vocab], hooks {name: array}) for one prompt.

    With the defaults this is the plain forward pass of `tokens`. For attribution runs:
      start_layer, resid  start at block `start_layer` from the residual stream `resid` [pos, d_model] (e.g. a cached
                          blocks.L.hook_resid_pre); tokens are then not needed.
      interventions       {hook name: fn(value) -> value}: the returned array replaces the activation downstream. It may
                          carry extra leading (batch) axes, which then broadcast through the rest of the pass, so many
                          patched variants of one prompt run as one batch.
      record              False keeps no hooks (saves memory on large batches).
      last_only           only the last position's logits are wanted: returns logits [..., vocab]; when no intervention
                          targets the final block, that block computes its queries (and everything after attention)
                          at the last position only, so its hooks then cover that position alone.
    Hook names and per-prompt shapes follow TransformerLens; with leading batch axes they come first.
    """
    n_layer, n_head, d = cfg["n_layer"], cfg["n_head"], cfg["n_embd"]
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    dh = d // n_head
    interventions = interventions or {}
    hooks = {}

    def hook(name, value):
        if name in interventions:
            value = interventions[name](value)
        if record:
            hooks[name] = value
        return value

    def layer_norm(x, w, b, name):
        x = x - x.mean(-1, keepdims=True)
        scale = hook(name + ".hook_scale", np.sqrt((x ** 2).mean(-1, keepdims=True) + eps))
        return hook(name + ".hook_normalized", x / scale * w + b)

    if resid is None:
        if start_layer != 0:
            raise ValueError("start_layer > 0 needs the residual stream entering that block")
        T = len(tokens)
        embed = hook("hook_embed", p["wte.weight"][np.asarray(tokens)])
        pos = hook("hook_pos_embed", p["wpe.weight"][:T])
        resid = embed + pos
    T = resid.shape[-2]
    truncated = False
    for l in range(start_layer, n_layer):
        h = f"h.{l}."
        b = f"blocks.{l}."
        # Positions whose outputs are still needed: all, except in a final block nothing intervenes in.
        last_block = last_only and l == n_layer - 1 and not any(k.startswith(b) for k in interventions)
        qs = slice(T - 1, T) if last_block else slice(0, T)
        resid = hook(b + "hook_resid_pre", resid)
        x = layer_norm(resid, p[h + "ln_1.weight"], p[h + "ln_1.bias"], b + "ln1")
        w_qkv, b_qkv = p[h + "attn.c_attn.weight"], p[h + "attn.c_attn.bias"]
        split = lambda a: a.reshape(a.shape[:-1] + (n_head, dh))
        q = hook(b + "attn.hook_q", split(_lin(x[..., qs, :], w_qkv[:, :d]) + b_qkv[:d]))
        k = hook(b + "attn.hook_k", split(_lin(x, w_qkv[:, d:2 * d]) + b_qkv[d:2 * d]))
        v = hook(b + "attn.hook_v", split(_lin(x, w_qkv[:, 2 * d:]) + b_qkv[2 * d:]))
        qh, kh, vh = (np.moveaxis(a, -2, -3) for a in (q, k, v))  # [..., head, pos, d_head]
        scores = qh @ np.swapaxes(kh, -1, -2) / np.sqrt(dh)
        mask = np.tril(np.ones((T, T), dtype=bool))[qs]
        scores = hook(b + "attn.hook_attn_scores", np.where(mask, scores, -np.inf))
        e = np.exp(scores - scores.max(-1, keepdims=True))
        pattern = hook(b + "attn.hook_pattern", e / e.sum(-1, keepdims=True))
        z = hook(b + "attn.hook_z", np.moveaxis(pattern @ vh, -3, -2))  # [..., pos, head, d_head]
        w_o = p[h + "attn.c_proj.weight"].reshape(n_head, dh, d)
        result = np.stack([_lin(np.ascontiguousarray(z[..., i, :]), w_o[i]) for i in range(n_head)], axis=-2)
        result = hook(b + "attn.hook_result", result)
        attn_out = hook(b + "hook_attn_out", result.sum(-2) + p[h + "attn.c_proj.bias"])
        resid = hook(b + "hook_resid_mid", resid[..., qs, :] + attn_out)
        # hook_mlp_in is a copy: patching it changes the MLP input, not the residual stream
        mlp_in = hook(b + "hook_mlp_in", resid)
        x = layer_norm(mlp_in, p[h + "ln_2.weight"], p[h + "ln_2.bias"], b + "ln2")
        pre = hook(b + "mlp.hook_pre", _lin(x, p[h + "mlp.c_fc.weight"]) + p[h + "mlp.c_fc.bias"])
        post = hook(b + "mlp.hook_post", gelu_new(pre))
        mlp_out = hook(b + "hook_mlp_out", _lin(post, p[h + "mlp.c_proj.weight"]) + p[h + "mlp.c_proj.bias"])
        resid = hook(b + "hook_resid_post", resid + mlp_out)
        truncated = truncated or last_block
    if last_only and not truncated:
        resid = resid[..., T - 1:, :]
    x = layer_norm(resid, p["ln_f.weight"], p["ln_f.bias"], "ln_final")
    logits = _lin(x, p["wte.weight"].T)
    return (logits[..., -1, :] if last_only else logits), hooks


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
