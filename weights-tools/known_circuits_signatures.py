"""Mechanism signatures: attention-pattern scores per head and key-value scores per neuron.

Head scores follow Olsson et al. 2022 / TransformerLens' detect_head: the attention a query position pays to the key
position the mechanism predicts, on inputs made for it (BOS + R + R, R random tokens drawn with replacement).
  previous-token   query p -> key p-1
  induction        second-copy query p -> the token after each earlier occurrence of p's token
  duplicate-token  second-copy query p -> each earlier occurrence of p's token
IOI-shaped prompts (N1 f1 N2 f2 S f3 ">"):
  end->io, end->s1, end->s2   attention from the final ">" to the indirect object and to each subject occurrence
  s2->s1                      duplicate-token attention from the repeated name to its first occurrence
  s2->io                      attention from the repeated name to the other name (the indirect object)
  copy_io                     direct logit attribution of the head at ">" to logit(IO) - logit(S) (after ln_f's scale)
Neurons (fact): activation at the subject position for every subject, and the neuron's direct logit attribution
to each subject's attribute (its output through ln_f's scale onto the attribute's unembedding, minus the mean over
the other attributes).
"""
import random

import torch

from known_circuits_model import char_id, encode
from known_circuits_tasks import ALPHABET, NAMES


def patterns(model, toks):
    """attn.hook_pattern of every layer: {layer: [batch, head, query, key]}."""
    L = model.cfg["n_layer"]
    _, kept = model.run_with_cache(toks, [f"blocks.{l}.attn.hook_pattern" for l in range(L)])
    return {l: kept[f"blocks.{l}.attn.hook_pattern"] for l in range(L)}


@torch.no_grad()
def repeated_token_scores(model, seed=2022, n=20, count=64):
    """Scores [layer][head] on BOS + R + R, R = n tokens drawn with replacement from ALPHABET (TransformerLens'
    detect_head input). previous_token: mean attention of every query p >= 1 to p - 1. induction: mean over
    second-copy queries of the attention to the positions right after the query token's earlier occurrences.
    duplicate_token: the same to those occurrences themselves. (detect_head's "mul" scores average over all queries;
    these average over the queries the mechanism is defined for, so a perfect head scores 1.)"""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        r = [rng.choice(ALPHABET) for _ in range(n)]
        rows.append(r + r)
    pats = patterns(model, torch.tensor([encode("".join(r)) for r in rows]))
    # detection masks [count, Q, K] over token positions (BOS at 0, text position i at i + 1)
    T = 1 + 2 * n
    induction = torch.zeros(count, T, T)
    duplicate = torch.zeros(count, T, T)
    for b, r in enumerate(rows):
        for q in range(n, 2 * n):
            for j in range(q):
                if r[j] == r[q]:
                    duplicate[b, q + 1, j + 1] = 1
                    induction[b, q + 1, j + 2] = 1
    second = torch.arange(n + 1, T)
    q = torch.arange(1, T)
    scores = {k: [] for k in ("previous_token", "induction", "duplicate_token")}
    for l in sorted(pats):
        p = pats[l]  # [B, H, Q, K]
        scores["previous_token"].append(p[:, :, q, q - 1].mean((0, 2)).tolist())
        scores["induction"].append((p * induction[:, None]).sum(-1)[:, :, second].mean((0, 2)).tolist())
        scores["duplicate_token"].append((p * duplicate[:, None]).sum(-1)[:, :, second].mean((0, 2)).tolist())
    return scores


def _run(model, toks, names):
    return model.run_with_cache(toks, names)[1]


def _final_scale(model, resid):
    """ln_f's scale sqrt(var + eps) per position; direct logit attribution divides by it (frozen, as usual)."""
    x = resid - resid.mean(-1, keepdim=True)
    return torch.sqrt((x ** 2).mean(-1, keepdim=True) + 1e-5)


@torch.no_grad()
def ioi_scores(model, prompts):
    """Per head, the means over prompts (N1 f1 N2 f2 S f3 ">", answer IO) of the IOI attention scores and copy_io."""
    L, H, d = model.cfg["n_layer"], model.cfg["n_head"], model.cfg["d_model"]
    sums = {k: torch.zeros(L, H) for k in ("end->io", "end->s1", "end->s2", "s2->s1", "s2->io", "copy_io")}
    final = f"blocks.{L - 1}.hook_resid_post"
    for text, io in prompts:
        s = next(c for c in text if c in NAMES and c != io)
        pos_io, pos_s1, pos_s2 = 1 + text.index(io), 1 + text.index(s), 1 + text.rindex(s)
        names = [f"blocks.{l}.attn.hook_{k}" for l in range(L) for k in ("pattern", "z")] + [final]
        kept = _run(model, torch.tensor([encode(text)]), names)
        scale = _final_scale(model, kept[final][0, -1])
        direction = model.p("wte.weight")[char_id(io)] - model.p("wte.weight")[char_id(s)]
        for l in range(L):
            p = kept[f"blocks.{l}.attn.hook_pattern"][0]  # [H, Q, K]
            sums["end->io"][l] += p[:, -1, pos_io]
            sums["end->s1"][l] += p[:, -1, pos_s1]
            sums["end->s2"][l] += p[:, -1, pos_s2]
            sums["s2->s1"][l] += p[:, pos_s2, pos_s1]
            sums["s2->io"][l] += p[:, pos_s2, pos_io]
            z = kept[f"blocks.{l}.attn.hook_z"][0, -1]  # [H, d_head]
            result = torch.einsum("hd,hdm->hm", z, model.p(f"h.{l}.attn.c_proj.weight").reshape(H, -1, d))
            sums["copy_io"][l] += (result / scale * model.p("ln_f.weight")) @ direction
    return {k: (v / len(prompts)).tolist() for k, v in sums.items()}


@torch.no_grad()
def fact_neuron_scores(model, attribute):
    """Per subject (prompt "=S"): every neuron's activation at the subject position [L, d_mlp] and its direct logit
    attribution to the subject's attribute minus the mean over the other subjects' attributes [L, d_mlp]."""
    L = model.cfg["n_layer"]
    subjects = sorted(attribute)
    final = f"blocks.{L - 1}.hook_resid_post"
    toks = torch.tensor([encode("=" + s) for s in subjects])
    kept = _run(model, toks, [f"blocks.{l}.mlp.hook_post" for l in range(L)] + [final])
    scale = _final_scale(model, kept[final][:, -1])  # [S, 1]
    attr_ids = torch.tensor([char_id(attribute[s]) for s in subjects])
    w_u = model.p("wte.weight")[attr_ids]  # [S, d]: unembedding rows of the attributes
    act, dla = [], []
    for l in range(L):
        post = kept[f"blocks.{l}.mlp.hook_post"][:, -1]  # [S, d_mlp]
        w_out = model.p(f"h.{l}.mlp.c_proj.weight")  # [d_mlp, d]
        # logit of every attribute from each neuron's output, for each subject's run: [S, d_mlp, S_attr]
        contrib = post[:, :, None] * ((w_out[None] / scale[:, :, None] * model.p("ln_f.weight")) @ w_u.T)
        own = contrib[torch.arange(len(subjects)), :, torch.arange(len(subjects))]  # [S, d_mlp]
        others = (contrib.sum(-1) - own) / (len(subjects) - 1)
        act.append(post)
        dla.append(own - others)
    return subjects, torch.stack(act, 1), torch.stack(dla, 1)  # [S, L, d_mlp] each
