"""Single-component ablations on prompt pairs with the torch model: what train_known_circuits.py bases truth on.

Conventions are circuitlens' (README, "Ablations and circuits"), so the numbers can be checked against
`circuitlens ablation-table`: heads are ablated through attn.hook_z (the head's slice at every position),
neurons through mlp.hook_post (every position); the metric is logit[correct] - logit[incorrect] at the last
position; an effect is m(ablated) - m(clean) per pair. Kinds:
  resample  the component's activation from the pair's own corrupted prompt
  mean      its mean over all corrupted prompts and all their positions (BOS included)
  zero      0
"""
import torch

from known_circuits_model import encode


def _ids(pairs):
    out = []
    for clean, corrupted, correct, incorrect in pairs:
        c, k = torch.tensor([encode(clean)]), torch.tensor([encode(corrupted)])
        assert c.shape == k.shape, (clean, corrupted)
        out.append((c, k, encode(correct, bos=False)[0], encode(incorrect, bos=False)[0]))
    return out


def _cache(model, toks):
    """hook_z and hook_post of every layer for one prompt, [1, pos, ...]."""
    names = [f"blocks.{l}.{h}" for l in range(model.cfg["n_layer"]) for h in ("attn.hook_z", "mlp.hook_post")]
    return model.run_with_cache(toks, names)


def metric(logits, correct, incorrect):
    return logits[:, -1, correct] - logits[:, -1, incorrect]


@torch.no_grad()
def single_ablations(model, pairs, kind):
    """Per pair effects: heads [N, L, H], neurons [N, L, d_mlp]; plus metric_clean, metric_corrupted [N]."""
    c = model.cfg
    L, H, M = c["n_layer"], c["n_head"], c["d_mlp"]
    data = _ids(pairs)
    runs = [(_cache(model, cl), _cache(model, co)) for cl, co, _, _ in data]
    means = {}
    if kind == "mean":
        for name in runs[0][1][1]:
            acts = torch.cat([co[1][name][0] for _, co in runs])  # [sum of positions, ...]
            means[name] = acts.mean(0)
    heads = torch.zeros(len(data), L, H)
    neurons = torch.zeros(len(data), L, M)
    m_clean, m_corr = torch.zeros(len(data)), torch.zeros(len(data))
    for i, ((cl, co, right, wrong), ((lc, cache_c), (lk, cache_k))) in enumerate(zip(data, runs)):
        m_clean[i] = metric(lc, right, wrong)[0]
        m_corr[i] = metric(lk, right, wrong)[0]
        for l in range(L):
            for hook, width, out in ((f"blocks.{l}.attn.hook_z", H, heads), (f"blocks.{l}.mlp.hook_post", M, neurons)):
                if kind == "resample":
                    source = cache_k[hook][0]
                elif kind == "mean":
                    source = means[hook].expand_as(cache_c[hook][0])
                else:
                    source = torch.zeros_like(cache_c[hook][0])
                rows = torch.arange(width)

                def ablate(x, rows=rows, source=source):
                    # row r of the batch ablates unit r of this hook (a head's d_head slice or one neuron)
                    x = x.clone()
                    x[rows, :, rows] = source[:, rows].transpose(0, 1)
                    return x

                logits = model(cl.expand(width, -1), {hook: ablate})
                out[i, l] = metric(logits, right, wrong) - m_clean[i]
    return dict(heads=heads, neurons=neurons, metric_clean=m_clean, metric_corrupted=m_corr)


@torch.no_grad()
def faithfulness(model, pairs, circuits):
    """f = (m(circuit) - m(empty)) / (m(full) - m(empty)) with m the mean metric over the clean prompts and every
    head (attn.hook_z) and neuron (mlp.hook_post) outside the circuit mean-ablated over all corrupted prompts and
    positions: circuitlens' `faithfulness` / `validate` default. `circuits` is one set of labels ("L.H", "mL.N")
    for every prompt, or a list with one set per prompt. Returns (f, m_full, m_empty, m_circuit)."""
    c = model.cfg
    L, H, M = c["n_layer"], c["n_head"], c["d_mlp"]
    data = _ids(pairs)
    runs = [_cache(model, co)[1] for _, co, _, _ in data]
    means = {name: torch.cat([r[name][0] for r in runs]).mean(0) for name in runs[0]}
    per_prompt = circuits if isinstance(circuits, list) else [circuits] * len(data)

    def run(keep):
        """Mean metric with every component outside `keep` (a set per prompt; None = nothing ablated) ablated."""
        total = 0.0
        for i, (cl, _, right, wrong) in enumerate(data):
            hooks = {}
            if keep is not None:
                for l in range(L):
                    heads = torch.tensor([f"{l}.{h}" in keep[i] for h in range(H)])
                    neurons = torch.tensor([f"m{l}.{n}" in keep[i] for n in range(M)])
                    for hook, mask, view in ((f"blocks.{l}.attn.hook_z", heads, (H, 1)), (f"blocks.{l}.mlp.hook_post", neurons, (M,))):
                        mean = means[hook]
                        hooks[hook] = lambda x, m=mask.reshape(view), mean=mean: torch.where(m, x, mean)
            total += float(metric(model(cl, hooks), right, wrong)[0])
        return total / len(data)

    full, empty, kept = run(None), run([set()] * len(data)), run(per_prompt)
    return (kept - empty) / (full - empty), full, empty, kept


@torch.no_grad()
def all_neurons_resampled(model, pairs):
    """Per pair, m(every neuron of every layer from the pair's own corrupted prompt) - m(clean) [N]: the part of the
    clean-corrupted move that goes through the MLP neurons (the rest goes through the embeddings' direct path to the
    unembedding, or the heads)."""
    L = model.cfg["n_layer"]
    out = []
    for cl, co, right, wrong in _ids(pairs):
        clean_logits, _ = _cache(model, cl)
        _, cache_k = _cache(model, co)
        hooks = {f"blocks.{l}.mlp.hook_post": (lambda x, s=cache_k[f"blocks.{l}.mlp.hook_post"]: s) for l in range(L)}
        out.append(float(metric(model(cl, hooks), right, wrong)[0] - metric(clean_logits, right, wrong)[0]))
    return torch.tensor(out)
