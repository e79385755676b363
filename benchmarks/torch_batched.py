"""Attribution the way a strong PyTorch user writes it: the clean and corrupted runs cached once, every patched or
integrated pass batched and started at the component's own hook from the cached clean run (noising: base = clean,
source = corrupted), only the answer columns of the unembedding at each prompt's last token.

Each function returns scores [N, n_layer, units] (float64) for the layers it covers and the number of work units
done (a unit: one layer of one component kind).
"""
import torch

from torch_runs import HOOK_OF, component_sums, delta


def continue_from_hook(model, kind, layer, value, base, reps):
    """Final residual stream of `reps` stacked copies of the batch whose `kind` hook at `layer` holds `value`
    (upstream is the cached base run, downstream recomputed)."""
    if kind == "heads":
        resid_mid = base["resid_pre", layer].repeat(reps, 1, 1) + model.attn_out(layer, value)
        return model.from_resid_mid(layer, resid_mid)
    resid_post = base["resid_mid", layer].repeat(reps, 1, 1) + model.mlp_out(layer, value)
    return model.blocks(resid_post, layer + 1)


def activation_patching(model, pairs, base, source, kind, layers, chunk_tokens):
    """score = metric(clean, one component at its corrupted value at every position) − metric(clean). Rows are
    (component, prompt); a patch only changes the residual stream by Δ through the component's output weights
    (W_O[head] for a head's z, row n of W_out for neuron n), so each chunk starts there from the cached clean run."""
    n, T = pairs.clean.shape
    m_base = pairs.metric(model, base["resid_final", None])
    units = model.n_head if kind == "heads" else model.d_mlp
    scores = torch.zeros(n, model.n_layer, units, dtype=torch.float64)
    per_chunk = max(1, chunk_tokens // (n * T))
    with torch.inference_mode():
        for layer in layers:
            d = delta(pairs, base, source, kind, layer)
            w = model.layers[layer]
            for c0 in range(0, units, per_chunk):
                c1 = min(units, c0 + per_chunk)
                if kind == "heads":  # [comp, N, T, d_model], row (c, p)
                    shift = torch.einsum("pthd,hdm->hptm", d[:, :, c0:c1], w.w_o_heads[c0:c1])
                    resid = model.from_resid_mid(layer, (base["resid_mid", layer][None] + shift).flatten(0, 1))
                else:
                    shift = torch.einsum("ptn,nm->nptm", d[:, :, c0:c1], w.w_out[c0:c1])
                    resid = model.blocks((base["resid_pre", layer + 1] if layer + 1 < model.n_layer
                                          else base["resid_final", None])[None].add(shift).flatten(0, 1), layer + 1)
                m = pairs.metric(model, resid, c1 - c0).view(c1 - c0, n)
                scores[:, layer, c0:c1] = (m - m_base).T.double()
    return scores, len(layers)


def attribution_patching(model, pairs, base, source, kinds):
    """score = Σ over the component's elements of ∂metric/∂hook at the clean run · (corrupted − clean): one clean
    forward with the graph starting at the first hook asked for, one backward."""
    grads = {}

    def mark(name, layer, value):
        if name not in [HOOK_OF[k] for k in kinds]:
            return value
        if not grads:  # the earliest hook: a leaf, so the backward stops there
            value = value.detach().requires_grad_()
        else:
            value.retain_grad()
        grads[name, layer] = value
        return value

    with torch.enable_grad():
        resid = model.run(pairs.clean, mark)
        pairs.metric(model, resid).sum().backward()
    out = {}
    for kind in kinds:
        h = HOOK_OF[kind]
        per = [component_sums(kind, grads[h, l].grad * delta(pairs, base, source, kind, l))
               for l in range(model.n_layer)]
        out[kind] = torch.stack(per, 1).double()
    return out, len(kinds) * model.n_layer


def integrated_gradients(model, pairs, base, source, kind, layers, alphas, weights, chunk_tokens):
    """Layer IG per layer: the whole hook moves along clean + α·(corrupted − clean); score = Σ_k w_k ⟨∇metric(α_k),
    Δ restricted to the component⟩. All steps × prompts of a layer are one batch (split by whole steps only when
    they exceed chunk_tokens) started at the hook; autograd gives the gradient there."""
    n, T = pairs.clean.shape
    h = HOOK_OF[kind]
    units = model.n_head if kind == "heads" else model.d_mlp
    scores = torch.zeros(n, model.n_layer, units, dtype=torch.float64)
    steps = len(alphas)
    per_chunk = steps if chunk_tokens <= 0 else max(1, chunk_tokens // (n * T))
    for layer in layers:
        a0 = base[h, layer]
        d = delta(pairs, base, source, kind, layer)
        for k0 in range(0, steps, per_chunk):
            k1 = min(steps, k0 + per_chunk)
            alpha = torch.tensor(alphas[k0:k1], dtype=torch.float32).view(-1, *[1] * a0.dim())
            point = (a0[None] + alpha * d[None]).flatten(0, 1).requires_grad_()
            with torch.enable_grad():
                m = pairs.metric(model, continue_from_hook(model, kind, layer, point, base, k1 - k0), k1 - k0)
                (grad,) = torch.autograd.grad(m.sum(), point)
            integrand = component_sums(kind, grad.view(k1 - k0, *a0.shape) * d[None]).double()
            w = torch.tensor(weights[k0:k1], dtype=torch.float64).view(-1, 1, 1)
            scores[:, layer] += (w * integrand).sum(0)
    return scores, len(layers)
