"""A minimal GPT-2 in plain torch for train_known_circuits.py, saved in the Hugging Face layout circuitlens loads.

Same graph as GPT2LMHeadModel without dropout: learned positional embeddings, pre-LayerNorm blocks (eps 1e-5),
gelu_new, causal attention scaled by 1/sqrt(d_head), final LayerNorm, unembedding tied to the token embedding
(W_U = W_E^T). Linear weights are kept in Conv1D layout [in, out] so they are saved as they are.

`forward` takes `hooks`, a dict of callables keyed by TransformerLens hook names, applied where those activations
are made: "blocks.L.attn.hook_z" [batch, pos, head, d_head], "blocks.L.mlp.hook_post" [batch, pos, d_mlp] and
"blocks.L.attn.hook_pattern" [batch, head, query, key] and "blocks.L.hook_resid_post" [batch, pos, d_model]. A callable returns the activation to use
downstream, so the same mechanism caches (return it unchanged) and ablates (return a replacement).
"""
import json
import math
import os

import numpy as np
import torch

import st_io

EOT = 256  # <|endoftext|> in the byte-level vocabulary, used as BOS


def byte_to_id():
    """GPT-2's id for each byte: ids 0..255 follow the order of GPT-2's byte -> printable-character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    bs += [b for b in range(256) if b not in bs]
    return {b: i for i, b in enumerate(bs)}, bs


_B2ID, _ID2B = byte_to_id()


def encode(text, bos=True):
    """Token ids of `text` (one per UTF-8 byte) with BOS first, as circuitlens tokenizes by default."""
    return ([EOT] if bos else []) + [_B2ID[b] for b in text.encode("utf-8")]


def char_id(c):
    ids = encode(c, bos=False)
    assert len(ids) == 1, c
    return ids[0]


def _key(hub_name):
    """torch parameter names cannot hold dots; hub names ("h.0.ln_1.weight") are stored with "/" instead."""
    return hub_name.replace(".", "/")


def _hub(key):
    return key.replace("/", ".")


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


class TinyGpt2(torch.nn.Module):
    def __init__(self, n_layer, n_head, d_model, d_mlp, n_ctx, vocab=257):
        super().__init__()
        self.cfg = dict(n_layer=n_layer, n_head=n_head, d_model=d_model, d_mlp=d_mlp, n_ctx=n_ctx, vocab=vocab)
        P = torch.nn.Parameter
        d = d_model
        self.params = torch.nn.ParameterDict()
        self.params[_key("wte.weight")] = P(torch.randn(vocab, d) * 0.1)
        self.params[_key("wpe.weight")] = P(torch.randn(n_ctx, d) * 0.1)
        for l in range(n_layer):
            h = f"h.{l}."
            for ln in ("ln_1", "ln_2"):
                self.params[_key(h + ln + ".weight")] = P(torch.ones(d))
                self.params[_key(h + ln + ".bias")] = P(torch.zeros(d))
            self.params[_key(h + "attn.c_attn.weight")] = P(torch.randn(d, 3 * d) / math.sqrt(d))
            self.params[_key(h + "attn.c_attn.bias")] = P(torch.zeros(3 * d))
            # output projections start small (GPT-2 scales them by 1/sqrt(2 n_layer)) so early training is stable
            self.params[_key(h + "attn.c_proj.weight")] = P(torch.randn(d, d) / math.sqrt(d) / math.sqrt(2 * n_layer))
            self.params[_key(h + "attn.c_proj.bias")] = P(torch.zeros(d))
            self.params[_key(h + "mlp.c_fc.weight")] = P(torch.randn(d, d_mlp) / math.sqrt(d))
            self.params[_key(h + "mlp.c_fc.bias")] = P(torch.zeros(d_mlp))
            self.params[_key(h + "mlp.c_proj.weight")] = P(torch.randn(d_mlp, d) / math.sqrt(d_mlp) / math.sqrt(2 * n_layer))
            self.params[_key(h + "mlp.c_proj.bias")] = P(torch.zeros(d))
        self.params[_key("ln_f.weight")] = P(torch.ones(d))
        self.params[_key("ln_f.bias")] = P(torch.zeros(d))

    def p(self, name):
        return self.params[_key(name)]

    def hub_tensors(self):
        """{hub-style name: float32 numpy array} of every parameter."""
        return {_hub(k): v.detach().to(torch.float32).numpy().astype(np.float32) for k, v in self.params.items()}

    def _ln(self, x, prefix):
        return torch.nn.functional.layer_norm(x, (x.shape[-1],), self.p(prefix + ".weight"), self.p(prefix + ".bias"), 1e-5)

    def forward(self, tokens, hooks=None):
        """tokens [batch, pos] (long) -> logits [batch, pos, vocab]."""
        hooks = hooks or {}
        c = self.cfg
        B, T = tokens.shape
        H, d = c["n_head"], c["d_model"]
        dh = d // H
        x = self.p("wte.weight")[tokens] + self.p("wpe.weight")[:T]
        causal = torch.ones(T, T, dtype=torch.bool).tril()
        for l in range(c["n_layer"]):
            h, b = f"h.{l}.", f"blocks.{l}."
            a = self._ln(x, h + "ln_1") @ self.p(h + "attn.c_attn.weight") + self.p(h + "attn.c_attn.bias")
            q, k, v = (t.reshape(B, T, H, dh).transpose(1, 2) for t in a.split(d, dim=-1))
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(dh)
            pattern = torch.softmax(scores.masked_fill(~causal, float("-inf")), dim=-1)
            if b + "attn.hook_pattern" in hooks:
                pattern = hooks[b + "attn.hook_pattern"](pattern)
            z = (pattern @ v).transpose(1, 2)  # [B, T, H, dh]
            if b + "attn.hook_z" in hooks:
                z = hooks[b + "attn.hook_z"](z)
            x = x + z.reshape(B, T, d) @ self.p(h + "attn.c_proj.weight") + self.p(h + "attn.c_proj.bias")
            post = gelu_new(self._ln(x, h + "ln_2") @ self.p(h + "mlp.c_fc.weight") + self.p(h + "mlp.c_fc.bias"))
            if b + "mlp.hook_post" in hooks:
                post = hooks[b + "mlp.hook_post"](post)
            x = x + post @ self.p(h + "mlp.c_proj.weight") + self.p(h + "mlp.c_proj.bias")
            if b + "hook_resid_post" in hooks:
                x = hooks[b + "hook_resid_post"](x)
        return self._ln(x, "ln_f") @ self.p("wte.weight").T

    def run_with_cache(self, tokens, names):
        """(logits, {hook name: value}) for the named hooks, values detached."""
        kept = {}

        def keep(name):
            def f(x):
                kept[name] = x.detach()
                return x
            return f

        return self(tokens, {n: keep(n) for n in names}), kept

    def save(self, out_dir):
        """Writes config.json, model.safetensors (F32, hub-style keys), vocab.json and merges.txt into out_dir."""
        c = self.cfg
        os.makedirs(out_dir, exist_ok=True)
        st_io.write(os.path.join(out_dir, "model.safetensors"), self.hub_tensors(), {"format": "pt"})
        config = {
            "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
            "n_layer": c["n_layer"], "n_head": c["n_head"], "n_embd": c["d_model"], "n_positions": c["n_ctx"],
            "n_ctx": c["n_ctx"], "vocab_size": c["vocab"], "n_inner": c["d_mlp"], "layer_norm_epsilon": 1e-5,
            "bos_token_id": EOT, "eos_token_id": EOT, "attn_pdrop": 0.0, "embd_pdrop": 0.0, "resid_pdrop": 0.0,
            "scale_attn_weights": True, "tie_word_embeddings": True, "torch_dtype": "float32",
        }
        with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(config, indent=2) + "\n")
        write_byte_vocab(out_dir)


def write_byte_vocab(out_dir):
    """The vocabulary `circuitlens make-tiny --vocab byte` writes: 256 byte tokens in GPT-2's order + <|endoftext|>."""
    chars = {}
    n = 0
    for b in range(256):
        if 33 <= b <= 126 or 161 <= b <= 172 or 174 <= b <= 255:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + n)
            n += 1
    vocab = {chars[b]: i for i, b in enumerate(_ID2B)}
    vocab["<|endoftext|>"] = EOT
    with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(vocab, ensure_ascii=False, separators=(",", ":")))
    with open(os.path.join(out_dir, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
