"""The job of `circuitlens logits` as a whole numpy process: read a Hugging Face GPT-2 folder (config.json,
model.safetensors as float32), run the prompts' token ids through a float32 forward pass (OpenBLAS for the matrix
products), write the logits at every position [N, T, vocab] to a .npy file.

    python3 benchmarks/numpy_logits.py MODEL_DIR TOKENS.json OUT.npy

TOKENS.json holds one list of token ids per prompt (run-logits.sh takes them from circuitlens' own output, so
numpy is spared the tokenizer: the comparison favours numpy). Prompts of different lengths are padded at the end;
causal attention means padding never changes a real position.
"""
import json
import mmap
import struct
import sys

import numpy as np


def read_safetensors(path):
    f = open(path, "rb")
    m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    n = struct.unpack("<Q", m[:8])[0]
    header = json.loads(m[8:8 + n])
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F32":
            raise SystemExit(f"{path}: {name} is {t['dtype']}; this baseline reads F32 checkpoints")
        b, e = t["data_offsets"]
        out[name.removeprefix("transformer.")] = np.frombuffer(m, np.float32, (e - b) // 4, 8 + n + b).reshape(t["shape"])
    return out


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    xc = x - mu
    return xc / np.sqrt((xc * xc).mean(-1, keepdims=True) + np.float32(eps)) * w + b


def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


def forward(p, cfg, tokens):
    B, T = tokens.shape
    L, H, D, eps = cfg["n_layer"], cfg["n_head"], cfg["n_embd"], cfg.get("layer_norm_epsilon", 1e-5)
    x = p["wte.weight"][tokens] + p["wpe.weight"][:T]
    mask = np.triu(np.full((T, T), -np.inf, dtype=np.float32), 1)
    scale = np.float32(1.0 / np.sqrt(D // H))
    for l in range(L):
        g = lambda k: p[f"h.{l}.{k}"]
        h = layer_norm(x, g("ln_1.weight"), g("ln_1.bias"), eps)
        qkv = h @ g("attn.c_attn.weight") + g("attn.c_attn.bias")
        q, k, v = (qkv[..., i * D:(i + 1) * D].reshape(B, T, H, D // H).transpose(0, 2, 1, 3) for i in range(3))
        s = q @ k.transpose(0, 1, 3, 2) * scale + mask
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        z = (s @ v).transpose(0, 2, 1, 3).reshape(B, T, D)
        x = x + z @ g("attn.c_proj.weight") + g("attn.c_proj.bias")
        h = layer_norm(x, g("ln_2.weight"), g("ln_2.bias"), eps)
        x = x + gelu(h @ g("mlp.c_fc.weight") + g("mlp.c_fc.bias")) @ g("mlp.c_proj.weight") + g("mlp.c_proj.bias")
    x = layer_norm(x, p["ln_f.weight"], p["ln_f.bias"], eps)
    return x @ p["wte.weight"].T


def main():
    model, tokens_file, out = sys.argv[1:4]
    cfg = json.load(open(f"{model}/config.json"))
    p = read_safetensors(f"{model}/model.safetensors")
    prompts = json.load(open(tokens_file))
    T = max(len(t) for t in prompts)
    tokens = np.zeros((len(prompts), T), dtype=np.int64)
    for i, t in enumerate(prompts):
        tokens[i, :len(t)] = t
    logits = forward(p, cfg, tokens)
    for i, t in enumerate(prompts):
        logits[i, len(t):] = 0  # as circuitlens writes positions past a prompt's end
    np.save(out, logits.astype(np.float32, copy=False))


if __name__ == "__main__":
    main()
