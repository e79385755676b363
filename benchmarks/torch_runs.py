"""The prompt pairs as one right-padded batch, and the cached clean and corrupted runs every method starts from
(PyTorch side of the attribution comparison)."""
import json

import torch

# the hooks a component lives at: heads act through their d_head slice of attn.hook_z, neurons through mlp.hook_post
HOOK_OF = {"heads": "z", "neurons": "post"}


class Pairs:
    """Clean and corrupted token ids [N, T] padded on the right to the longest prompt, each prompt's last real
    position, its answers, and `valid` [N, T] (1 on real tokens, 0 on padding)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        self.n = len(d["clean"])
        self.lengths = torch.tensor([len(c) for c in d["clean"]])
        T = int(self.lengths.max())
        pad = lambda rows: torch.tensor([r + [r[-1]] * (T - len(r)) for r in rows])  # any id does: it comes after
        self.clean, self.corrupted = pad(d["clean"]), pad(d["corrupted"])
        self.last = self.lengths - 1
        self.correct, self.incorrect = torch.tensor(d["correct"]), torch.tensor(d["incorrect"])
        self.valid = (torch.arange(T)[None] < self.lengths[:, None]).float()

    def metric(self, model, resid_final, reps=1):
        """logit-diff of `reps` stacked copies of the batch (row r is prompt r % N)."""
        rep = lambda t: t.repeat(reps)
        return model.logit_diff(resid_final, rep(self.last), rep(self.correct), rep(self.incorrect))

    def metric_from_logits(self, logits):
        rows = torch.arange(self.n)
        at = logits[rows, self.last]
        return at[rows, self.correct] - at[rows, self.incorrect]


def cache_run(model, tokens):
    """{(hook, layer): value} of every hook of the run, plus ("resid_final", None)."""
    hooks = {}

    def keep(name, layer, value):
        hooks[name, layer] = value
        return value

    with torch.no_grad():  # not inference_mode: the cached tensors enter the autograd graphs of IG
        hooks["resid_final", None] = model.run(tokens, keep)
    return hooks


def delta(pairs, base, source, kind, layer):
    """source − base at a component kind's hook, zero on padding (which no real position sees anyway)."""
    h = HOOK_OF[kind]
    d = source[h, layer] - base[h, layer]
    mask = pairs.valid
    while mask.dim() < d.dim():
        mask = mask.unsqueeze(-1)
    return d * mask


def component_sums(kind, x):
    """A product over a kind's hook, [..., T, head, d_head] or [..., T, d_mlp], summed per component over
    positions (and d_head): [..., head] or [..., d_mlp]."""
    return x.sum((-3, -1)) if kind == "heads" else x.sum(-2)
