"""The CPU forward workload of ForwardBenchmark, in numpy (float32, BLAS for the matrix products).

    OPENBLAS_NUM_THREADS=N python3 benchmarks/numpy_forward.py [--batch 8] [--tokens 64] [--repeats 5]

A GPT-2-small-shaped random model (12 layers, 12 heads, d_model 768, d_mlp 3072, vocab 50257), a batch of 8
prompts × 64 tokens, logits at every position. Prints JSON: best seconds per forward, tokens/s, GFLOP/s.
"""
import argparse
import json
import time

import numpy as np

L, H, D, F, V, CTX = 12, 12, 768, 3072, 50257, 1024


def flops(batch, tokens):
    per_token = L * 2 * (D * 3 * D + D * D + 2 * D * F) + 2 * D * V
    attention = L * 2 * 2 * tokens * tokens * D  # q·kᵀ and p·v over full T×T blocks
    return batch * (tokens * per_token + attention)


def layer_norm(x, w, b):
    mu = x.mean(-1, keepdims=True)
    xc = x - mu
    return xc / np.sqrt((xc * xc).mean(-1, keepdims=True) + 1e-5) * w + b


def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


def forward(p, tokens):
    B, T = tokens.shape
    x = p["wte"][tokens] + p["wpe"][:T]
    mask = np.triu(np.full((T, T), -np.inf, dtype=np.float32), 1)
    for l in range(L):
        h = layer_norm(x, p["ln1w"][l], p["ln1b"][l])
        qkv = h @ p["qkv"][l] + p["qkvb"][l]
        q, k, v = (qkv[..., i * D:(i + 1) * D].reshape(B, T, H, D // H).transpose(0, 2, 1, 3) for i in range(3))
        s = q @ k.transpose(0, 1, 3, 2) / np.float32(8.0) + mask
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        z = (s @ v).transpose(0, 2, 1, 3).reshape(B, T, D)
        x = x + z @ p["out"][l] + p["outb"][l]
        h = layer_norm(x, p["ln2w"][l], p["ln2b"][l])
        x = x + gelu(h @ p["fc"][l] + p["fcb"][l]) @ p["proj"][l] + p["projb"][l]
    x = layer_norm(x, p["lnfw"], p["lnfb"])
    return x @ p["wte"].T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    r = lambda *s: (rng.standard_normal(s, dtype=np.float32) * np.float32(0.02))
    p = {"wte": r(V, D), "wpe": r(CTX, D), "lnfw": np.ones(D, np.float32), "lnfb": np.zeros(D, np.float32),
         "ln1w": np.ones((L, D), np.float32), "ln1b": np.zeros((L, D), np.float32),
         "ln2w": np.ones((L, D), np.float32), "ln2b": np.zeros((L, D), np.float32),
         "qkv": r(L, D, 3 * D), "qkvb": r(L, 3 * D), "out": r(L, D, D), "outb": r(L, D),
         "fc": r(L, D, F), "fcb": r(L, F), "proj": r(L, F, D), "projb": r(L, D)}
    tokens = rng.integers(0, V, size=(a.batch, a.tokens))
    forward(p, tokens)  # warm-up
    best = float("inf")
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        forward(p, tokens)
        best = min(best, time.perf_counter() - t0)
    n = a.batch * a.tokens
    print(json.dumps({"workload": f"gpt2-small shape, batch {a.batch} x {a.tokens} tokens, logits at all positions",
                      "seconds": best, "tokens_per_s": n / best, "gflops": flops(a.batch, a.tokens) / best / 1e9,
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
