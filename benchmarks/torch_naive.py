"""Attribution the way research code usually runs it (captum's LayerIntegratedGradients one step at a time,
TransformerLens-style patching hooks): every IG step and every patch is one full forward of the prompt batch from
the embeddings with the hook replaced, returning every position's logits; for scale only (run-vs-torch.sh times it
on a sample of the work and extrapolates).

Same scores as torch_batched.py; units not in the sample are NaN. Returns (scores, units done).
"""
import torch

from torch_runs import HOOK_OF, component_sums, delta


def _replace(hook, layer, make):
    """An edit for Gpt2.run that swaps the value at (hook, layer) for make(value)."""
    return lambda name, l, value: make(value) if (name, l) == (hook, layer) else value


def _units(model, kind):
    return model.n_head if kind == "heads" else model.d_mlp


def activation_patching(model, pairs, base, source, kind, layers, components):
    h = HOOK_OF[kind]
    units = _units(model, kind)
    scores = torch.full((pairs.n, model.n_layer, units), float("nan"), dtype=torch.float64)
    done = 0
    with torch.inference_mode():
        m_base = pairs.metric_from_logits(model.full_logits(model.run(pairs.clean, lambda name, l, v: v)))
        for layer in layers:
            for c in components:
                def patch(value, layer=layer, c=c):
                    value = value.clone()
                    value[:, :, c] = source[h, layer][:, :, c]
                    return value
                logits = model.full_logits(model.run(pairs.clean, _replace(h, layer, patch)))
                scores[:, layer, c] = (pairs.metric_from_logits(logits) - m_base).double()
                done += 1
    return scores, done


def attribution_patching(model, pairs, base, source, kinds):
    """One forward from the embeddings (the graph starts there) with every hook's gradient kept, full logits."""
    hooks = {HOOK_OF[k] for k in kinds}
    kept = {}

    def keep(name, layer, value):
        if name in hooks:
            value.retain_grad()
            kept[name, layer] = value
        return value

    with torch.enable_grad():
        embed = model.embed(pairs.clean).requires_grad_()
        resid = model.run(pairs.clean, lambda name, l, v: embed if (name, l) == ("resid_pre", 0) else keep(name, l, v))
        pairs.metric_from_logits(model.full_logits(resid)).sum().backward()
    out = {}
    for kind in kinds:
        h = HOOK_OF[kind]
        per = [component_sums(kind, kept[h, l].grad * delta(pairs, base, source, kind, l))
               for l in range(model.n_layer)]
        out[kind] = torch.stack(per, 1).double()
    return out, len(kinds) * model.n_layer


def integrated_gradients(model, pairs, base, source, kind, layers, alphas, weights):
    h = HOOK_OF[kind]
    scores = torch.full((pairs.n, model.n_layer, _units(model, kind)), float("nan"), dtype=torch.float64)
    for layer in layers:
        d = delta(pairs, base, source, kind, layer)
        total = 0
        for alpha, w in zip(alphas, weights):
            point = (base[h, layer] + float(alpha) * d).requires_grad_()
            with torch.enable_grad():
                logits = model.full_logits(model.run(pairs.clean, _replace(h, layer, lambda _: point)))
                (grad,) = torch.autograd.grad(pairs.metric_from_logits(logits).sum(), point)
            total = total + w * component_sums(kind, grad * d).double()
        scores[:, layer] = total
    return scores, len(layers)
