"""GPT-2 in plain PyTorch (float32), cut at the hook points attribution needs, for the PyTorch side of the
attribution comparison (torch_attribution.py). No transformers: the graph is the one of
weights-tools/gpt2_reference.py (LayerNorm eps from config.json, gelu_new, learned positions, tied unembedding,
Hugging Face Conv1D weights stored [in, out]), batched as [batch, pos, ...].

Prompts of different lengths share a batch padded on the right: the causal mask alone keeps padding out of every
real position (a real token only attends to itself and earlier tokens, and padding comes after the last real one),
so each prompt's results are those of its own unpadded run; metrics read each prompt's last real token.

A block is split where the attributed components live (TransformerLens names):
    resid_pre -> [attention] -> attn.hook_z -> [W_O] -> resid_mid -> [MLP in] -> mlp.hook_post -> [W_out] -> resid_post
so a patched or integrated pass can start at the hook itself from cached values of the base run.
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

_DTYPES = {"F32": np.float32, "F16": np.float16}


def read_safetensors(path):
    """{name: float32 tensor}, mapped from the file (no copy unless the file is not float32)."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
    header.pop("__metadata__", None)
    # copy-on-write mapping: torch wants writable memory, the file itself is never changed
    raw = np.memmap(path, dtype=np.uint8, mode="c", offset=8 + n)
    out = {}
    for name, info in header.items():
        if info["dtype"] not in _DTYPES:
            raise SystemExit(f"{path}: tensor {name} has dtype {info['dtype']}; only F32 and F16 are read here")
        begin, end = info["data_offsets"]
        arr = raw[begin:end].view(_DTYPES[info["dtype"]]).reshape(info["shape"])
        out[name] = torch.from_numpy(arr).float()
    return out


class Layer:
    """One block's weights, Conv1D layout [in, out]; W_O also viewed per head [head, d_head, d_model]."""

    def __init__(self, p, prefix, n_head):
        g = lambda k: p[prefix + k]
        self.ln1 = (g("ln_1.weight"), g("ln_1.bias"))
        self.w_qkv, self.b_qkv = g("attn.c_attn.weight"), g("attn.c_attn.bias")
        self.w_o, self.b_o = g("attn.c_proj.weight"), g("attn.c_proj.bias")
        d = self.w_o.shape[0]
        self.w_o_heads = self.w_o.view(n_head, d // n_head, d)
        self.ln2 = (g("ln_2.weight"), g("ln_2.bias"))
        self.w_in, self.b_in = g("mlp.c_fc.weight"), g("mlp.c_fc.bias")
        self.w_out, self.b_out = g("mlp.c_proj.weight"), g("mlp.c_proj.bias")


class Gpt2:
    def __init__(self, model_dir):
        with open(os.path.join(model_dir, "config.json")) as f:
            cfg = json.load(f)
        p = read_safetensors(os.path.join(model_dir, "model.safetensors"))
        prefix = "transformer." if "transformer.wte.weight" in p else ""
        p = {k[len(prefix):]: v for k, v in p.items() if k.startswith(prefix)}
        self.n_layer, self.n_head, self.d_model = cfg["n_layer"], cfg["n_head"], cfg["n_embd"]
        self.d_head = self.d_model // self.n_head
        self.d_mlp = cfg.get("n_inner") or 4 * self.d_model
        self.eps = cfg.get("layer_norm_epsilon", 1e-5)
        self.wte, self.wpe = p["wte.weight"], p["wpe.weight"]
        self.ln_f = (p["ln_f.weight"], p["ln_f.bias"])
        self.layers = [Layer(p, f"h.{l}.", self.n_head) for l in range(self.n_layer)]

    def ln(self, x, wb):
        return F.layer_norm(x, (self.d_model,), wb[0], wb[1], self.eps)

    # --- pieces of a block -------------------------------------------------------------------------------------
    def embed(self, tokens):
        return self.wte[tokens] + self.wpe[:tokens.shape[1]]

    def hook_z(self, l, resid_pre):
        """attn.hook_z [B, T, head, d_head] of block l."""
        w = self.layers[l]
        B, T, _ = resid_pre.shape
        qkv = self.ln(resid_pre, w.ln1) @ w.w_qkv + w.b_qkv
        q, k, v = (t.view(B, T, self.n_head, self.d_head).transpose(1, 2) for t in qkv.split(self.d_model, -1))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.d_head)
        causal = torch.ones(T, T, dtype=torch.bool).triu(1)
        pattern = scores.masked_fill(causal, float("-inf")).softmax(-1)
        return (pattern @ v).transpose(1, 2)

    def attn_out(self, l, z):
        w = self.layers[l]
        return z.reshape(z.shape[0], z.shape[1], self.d_model) @ w.w_o + w.b_o

    def hook_post(self, l, resid_mid):
        """mlp.hook_post [B, T, d_mlp] of block l."""
        w = self.layers[l]
        return F.gelu(self.ln(resid_mid, w.ln2) @ w.w_in + w.b_in, approximate="tanh")  # = gelu_new

    def mlp_out(self, l, post):
        w = self.layers[l]
        return post @ w.w_out + w.b_out

    def blocks(self, resid, first):
        """hook_resid_pre of block `first` -> the residual stream after the final block."""
        for l in range(first, self.n_layer):
            resid = resid + self.attn_out(l, self.hook_z(l, resid))
            resid = resid + self.mlp_out(l, self.hook_post(l, resid))
        return resid

    def from_resid_mid(self, l, resid_mid):
        """hook_resid_mid of block l -> the residual stream after the final block."""
        return self.blocks(resid_mid + self.mlp_out(l, self.hook_post(l, resid_mid)), l + 1)

    def run(self, tokens, edit):
        """The whole forward pass of `tokens` [B, T] -> final residual stream [B, T, d_model], calling
        edit(name, layer, value) at every hook_resid_pre, attn.hook_z, hook_resid_mid and mlp.hook_post (names
        "resid_pre", "z", "resid_mid", "post"); what it returns continues downstream (record, replace, or mark for
        gradients there)."""
        resid = self.embed(tokens)
        for l in range(self.n_layer):
            resid = edit("resid_pre", l, resid)
            resid = edit("resid_mid", l, resid + self.attn_out(l, edit("z", l, self.hook_z(l, resid))))
            resid = resid + self.mlp_out(l, edit("post", l, self.hook_post(l, resid)))
        return resid

    # --- metric ------------------------------------------------------------------------------------------------
    def logit_diff(self, resid_final, last, correct, incorrect):
        """Logit of `correct` − logit of `incorrect` at position `last` of each row (all [rows] long tensors): only
        that row of ln_final and the two answer columns of the tied unembedding are computed."""
        x = self.ln(resid_final[torch.arange(resid_final.shape[0]), last], self.ln_f)
        return (x * (self.wte[correct] - self.wte[incorrect])).sum(-1)

    def full_logits(self, resid_final):
        """Every position's logits [B, T, vocab], what a stock GPT-2 forward returns."""
        return self.ln(resid_final, self.ln_f) @ self.wte.T
