"""Float64 numpy reference for the attribution methods: activation patching (AP), attribution patching (AtP),
layer integrated gradients (IG) and Split IG, scoring attention heads and MLP neurons of GPT-2.

    python3 weights-tools/attribution_reference.py --model DIR --data PAIRS.csv --method ap|atp|ig|split-ig \\
        --direction clean-to-corrupted|corrupted-to-clean --metric logit-diff|prob-diff|kl \\
        [--steps 50 --rule gauss-legendre --split-ratio 0.9 --split-rule endpoints|minmax --reduce none|mean] \\
        --out OUT.safetensors

Written from the method definitions (weights-tools/README.md), independently of the Java engine. Every gradient is
a central finite difference in float64 over gpt2_reference.forward (no autograd, no hand-written backward), so the
fixtures check the Java backward pass independently. PAIRS.csv has the header clean,corrupted,correct,incorrect;
prompts get a BOS token; each answer must be a single token. Only byte-level vocabularies without merges (what
`circuitlens make-tiny --vocab byte` writes) are tokenized here.
"""
import argparse
import csv
import hashlib
import os
import sys
import time

import numpy as np

import gpt2_reference as ref
import st_io

METHODS = ("ap", "atp", "ig", "split-ig")
DIRECTIONS = ("clean-to-corrupted", "corrupted-to-clean")
METRICS = ("logit-diff", "prob-diff", "kl")
RULES = ("gauss-legendre", "riemann-left", "riemann-right", "riemann-middle", "trapezoid")
SPLIT_RULES = ("endpoints", "minmax")
# component kind -> (hook inside blocks.L, axis of the component in the per-prompt hook shape, hook used by the
# "whole layer moved" cross-check: the sum of all components plus the bias)
KINDS = {"heads": ("attn.hook_result", -2, "hook_attn_out"), "neurons": ("mlp.hook_post", -1, "hook_mlp_out")}
# Rows of patched activations per forward call; bounded by elements per row so memory stays ~100 MB.
ROW_ELEMS = 2_000_000
N_FD_CHECK = 3  # components per (pair, layer, kind) whose derivative is recomputed at epsilon / 2


def quadrature(rule, n):
    """Nodes alpha_k (ascending) and weights w_k on [0, 1]."""
    if n < 1:
        raise ValueError("--steps must be >= 1")
    k = np.arange(n, dtype=np.float64)
    if rule == "gauss-legendre":
        x, w = np.polynomial.legendre.leggauss(n)
        return (x + 1.0) / 2.0, w / 2.0
    if rule == "trapezoid":
        if n < 2:
            raise ValueError("trapezoid needs --steps >= 2")
        w = np.full(n, 1.0 / (n - 1))
        w[0] /= 2.0
        w[-1] /= 2.0
        return k / (n - 1), w
    offset = {"riemann-left": 0.0, "riemann-right": 1.0, "riemann-middle": 0.5}[rule]
    return (k + offset) / n, np.full(n, 1.0 / n)


def log_softmax(logits):
    mx = logits.max(-1, keepdims=True)
    return logits - mx - np.log(np.exp(logits - mx).sum(-1, keepdims=True))


def make_metric(name, correct, incorrect, logp_clean):
    """metric(logits [..., vocab] at the last position) -> [...]."""
    if name == "logit-diff":
        return lambda lg: lg[..., correct] - lg[..., incorrect]
    if name == "prob-diff":
        def prob_diff(lg):
            lp = log_softmax(lg)
            return np.exp(lp[..., correct]) - np.exp(lp[..., incorrect])
        return prob_diff
    if name == "kl":
        p_clean = np.exp(logp_clean)
        return lambda lg: (p_clean * (logp_clean - log_softmax(lg))).sum(-1)
    raise ValueError(name)


def read_pairs(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or set(rows[0]) != {"clean", "corrupted", "correct", "incorrect"}:
        raise SystemExit(f"{path}: needs the header clean,corrupted,correct,incorrect and at least one row")
    return rows


class Pair:
    """The clean and corrupted runs of one prompt pair, fully cached."""

    def __init__(self, cfg, params, model_dir, row, metric_name, index):
        self.tokens = {"clean": ref.byte_level_ids(model_dir, row["clean"], bos=True),
                       "corrupted": ref.byte_level_ids(model_dir, row["corrupted"], bos=True)}
        self.T = len(self.tokens["clean"])
        if len(self.tokens["corrupted"]) != self.T:
            raise SystemExit(f"pair {index}: clean and corrupted have different token counts "
                             f"({self.T} vs {len(self.tokens['corrupted'])})")
        if self.T > cfg["n_positions"]:
            raise SystemExit(f"pair {index}: {self.T} tokens exceed the context of {cfg['n_positions']}")
        answers = []
        for key in ("correct", "incorrect"):
            ids = ref.byte_level_ids(model_dir, row[key], bos=False)
            if len(ids) != 1:
                raise SystemExit(f"pair {index}: answer {row[key]!r} is {len(ids)} tokens, needs exactly 1")
            answers.append(ids[0])
        self.cache, last = {}, {}
        for run in ("clean", "corrupted"):
            logits, self.cache[run] = ref.forward(cfg, params, self.tokens[run])
            last[run] = logits[-1]
        self.metric = make_metric(metric_name, answers[0], answers[1], log_softmax(last["clean"]))
        self.metric_clean = float(self.metric(last["clean"]))
        self.metric_corrupted = float(self.metric(last["corrupted"]))


class Site:
    """One (pair, direction, layer, kind): the base and source activations of the hook and the means to evaluate the
    metric with that hook replaced by A_base + alpha * Delta + coef * (Delta restricted to one component)."""

    def __init__(self, cfg, params, pair, direction, layer, kind):
        base, src = ("clean", "corrupted") if direction == "clean-to-corrupted" else ("corrupted", "clean")
        hook, axis, whole_hook = KINDS[kind]
        self.axis = axis
        self.cfg, self.params, self.pair, self.layer = cfg, params, pair, layer
        self.name = f"blocks.{layer}.{hook}"
        self.base_cache, self.src_cache = pair.cache[base], pair.cache[src]
        self.a_base = self.base_cache[self.name]
        self.delta = self.src_cache[self.name] - self.a_base
        self.whole_name = f"blocks.{layer}.{whole_hook}"
        self.m_base = pair.metric_clean if base == "clean" else pair.metric_corrupted
        shape = self.a_base.shape
        self.n_comp = shape[axis]
        # one-hot masks [component, *hook shape broadcastable]
        mshape = [1] * len(shape)
        mshape[axis] = self.n_comp
        self.masks = np.eye(self.n_comp).reshape([self.n_comp] + mshape)
        per_row = max(int(np.prod(shape)), cfg["n_head"] * pair.T * pair.T, pair.T * cfg["n_embd"] * 4)
        self.chunk = max(1, ROW_ELEMS // per_row)

    def comp_norms(self):
        """|Delta_c| for every component c."""
        axes = tuple(i for i in range(self.delta.ndim) if i != self.delta.ndim + self.axis)
        return np.sqrt((self.delta ** 2).sum(axis=axes))

    def run(self, values):
        """Metric for each leading row of `values` (replacing the hook), base run upstream, recomputed downstream."""
        logits, _ = ref.forward(self.cfg, self.params, start_layer=self.layer,
                                resid=self.base_cache[f"blocks.{self.layer}.hook_resid_pre"],
                                interventions={self.name: lambda _: values}, record=False, last_only=True)
        return self.pair.metric(logits)

    def evaluate(self, alpha, comp, coef):
        """m(A_base + alpha_r * Delta + coef_r * mask[comp_r] * Delta) for every row r."""
        alpha, comp, coef = np.asarray(alpha, float), np.asarray(comp, int), np.asarray(coef, float)
        out = np.empty(len(alpha))
        expand = (-1,) + (1,) * self.delta.ndim
        for s in range(0, len(alpha), self.chunk):
            e = min(s + self.chunk, len(alpha))
            vals = self.a_base + alpha[s:e].reshape(expand) * self.delta
            if np.any(coef[s:e] != 0):
                vals = vals + coef[s:e].reshape(expand) * self.masks[comp[s:e]] * self.delta
            out[s:e] = self.run(vals)
        return out

    def whole_layer_ap(self):
        """m with the sum hook (hook_attn_out / hook_mlp_out) set to the source run's: an independent route to
        moving every component of the layer fully (alpha = 1)."""
        src = self.src_cache[self.whole_name]
        logits, _ = ref.forward(self.cfg, self.params, start_layer=self.layer,
                                resid=self.base_cache[f"blocks.{self.layer}.hook_resid_pre"],
                                interventions={self.whole_name: lambda _: src}, record=False, last_only=True)
        return float(self.pair.metric(logits))


def directional_derivatives(site, alphas, eps, check_k):
    """D[k, c] = (m(A(alpha_k) + eps Delta_c) - m(A(alpha_k) - eps Delta_c)) / 2 eps, the path values f_k = m(A(alpha_k)),
    f(1), and the finite-difference self-check: at node check_k, the N_FD_CHECK components with the largest
    |Delta_c| recomputed with eps / 2; returns the largest disagreement, absolute and relative to fd_scale."""
    n, C = len(alphas), site.n_comp
    a_fd = np.repeat(alphas, 2 * C)
    c_fd = np.tile(np.repeat(np.arange(C), 2), n)
    s_fd = np.tile([eps, -eps], n * C)
    checked = np.argsort(-site.comp_norms(), kind="stable")[:min(N_FD_CHECK, C)]
    a_ck = np.full(2 * len(checked), alphas[check_k])
    c_ck = np.repeat(checked, 2)
    s_ck = np.tile([eps / 2, -eps / 2], len(checked))
    alpha = np.concatenate([a_fd, alphas, [1.0], a_ck])
    comp = np.concatenate([c_fd, np.zeros(n + 1, int), c_ck])
    coef = np.concatenate([s_fd, np.zeros(n + 1), s_ck])
    m = site.evaluate(alpha, comp, coef)
    fd = m[:2 * n * C].reshape(n, C, 2)
    D = (fd[..., 0] - fd[..., 1]) / (2 * eps)
    path = m[2 * n * C:2 * n * C + n]
    f1 = m[2 * n * C + n]
    ck = m[2 * n * C + n + 1:].reshape(-1, 2)
    D_half = (ck[:, 0] - ck[:, 1]) / eps
    D_full = D[check_k, checked]
    diff = np.abs(D_full - D_half)
    return D, path, f1, (float(diff.max()), float(diff.max() / fd_scale(site, D[check_k])))


def fd_scale(site, d):
    """What a finite-difference error is measured against: the largest |D_c| of the layer at that alpha, floored
    at 1e-4 |m_clean - m_corrupted| (e.g. kl at the clean run, where every derivative vanishes)."""
    return max(float(np.abs(d).max()), 1e-4 * abs(site.pair.metric_clean - site.pair.metric_corrupted), 1e-300)


def split_index(alphas, f0, path, f1, r, rule):
    """First node k (ascending alpha) with s * (f_k - t) >= 0; n when there is none or r >= 1.
    Also returns min |f_j - t| over the nodes j <= k (metric units): how far the choice is from flipping (a float32
    implementation may pick another k where this is near its rounding level)."""
    n = len(path)
    if rule == "endpoints":
        s = 1.0 if f1 >= f0 else -1.0
        t = f0 + r * (f1 - f0)
    elif rule == "minmax":
        vals = np.concatenate([[f0], path, [f1]])
        where = np.concatenate([[0.0], alphas, [1.0]])
        i_min, i_max = int(np.argmin(vals)), int(np.argmax(vals))  # first occurrence in alpha order
        fmin, fmax = vals[i_min], vals[i_max]
        if where[i_max] >= where[i_min]:  # maximum after the minimum, or at the same alpha: rising
            s, t = 1.0, fmin + r * (fmax - fmin)
        else:
            s, t = -1.0, fmax - r * (fmax - fmin)
    else:
        raise ValueError(rule)
    if r >= 1:
        return n, np.inf
    hit = np.nonzero(s * (path - t) >= 0)[0]
    k = int(hit[0]) if len(hit) else n
    # only nodes up to the chosen one decide it
    return k, float(np.abs(path[:k + 1] - t).min())


def fd_at(site, alpha, comps, eps):
    """Central differences at A(alpha) along Delta_c for each c in comps (one batch)."""
    C = len(comps)
    m = site.evaluate(np.full(2 * C, alpha), np.repeat(comps, 2), np.tile([eps, -eps], C))
    return (m[0::2] - m[1::2]) / (2 * eps)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def attribute(model_dir, rows, method, direction, metric, steps=50, rule="gauss-legendre", split_ratio=0.9,
              split_rule="endpoints", eps=1e-4, reduce="none", log=print):
    """Scores of every head and neuron for every pair; returns (tensors, metadata) as written to the fixture file."""
    cfg, params = ref.load(model_dir)
    n_layer = cfg["n_layer"]
    sizes = {"heads": cfg["n_head"], "neurons": cfg.get("n_inner") or 4 * cfg["n_embd"]}
    pairs = [Pair(cfg, params, model_dir, row, metric, i) for i, row in enumerate(rows)]
    N = len(pairs)
    is_ig = method in ("ig", "split-ig")
    if not is_ig:
        steps, rule = 0, "none"
    left = {k: np.zeros((N, n_layer, c)) for k, c in sizes.items()}
    right = {k: np.zeros((N, n_layer, c)) for k, c in sizes.items()}
    gap = {k: np.zeros((N, n_layer)) for k in sizes}
    split_alpha = {k: np.ones((N, n_layer)) for k in sizes}
    split_margin = {k: np.zeros((N, n_layer)) for k in sizes}
    path_metric = {k: np.zeros((N, n_layer, steps)) for k in sizes}
    fd_abs = fd_rel = 0.0
    check = 0.0  # method-specific cross-check (largest absolute disagreement), see below
    if is_ig:
        alphas, weights = quadrature(rule, steps)
    for i, pair in enumerate(pairs):
        for L in range(n_layer):
            for kind, C in sizes.items():
                site = Site(cfg, params, pair, direction, L, kind)
                comps = np.arange(C)
                if method == "ap":
                    m = site.evaluate(np.zeros(C), comps, np.ones(C))
                    left[kind][i, L] = m - site.m_base
                    # moving every component of the layer on this hook == setting the summed hook to the source
                    target = site.evaluate([1.0], [0], [0.0])[0]
                    check = max(check, abs(target - site.whole_layer_ap()))
                elif method == "atp":
                    d = fd_at(site, 0.0, comps, eps)
                    left[kind][i, L] = d
                    checked = np.argsort(-site.comp_norms(), kind="stable")[:min(N_FD_CHECK, C)]
                    half = fd_at(site, 0.0, checked, eps / 2)
                    diff = float(np.abs(d[checked] - half).max())
                    fd_abs, fd_rel = max(fd_abs, diff), max(fd_rel, diff / fd_scale(site, d))
                    # AtP is IG with one left-Riemann step; computed through the IG route here
                    a1, w1 = quadrature("riemann-left", 1)
                    ig1 = w1 @ directional_derivatives(site, a1, eps, 0)[0]
                    check = max(check, float(np.abs(ig1 - d).max()))
                else:
                    D, path, f1, (fa, fr) = directional_derivatives(site, alphas, eps, steps // 2)
                    fd_abs, fd_rel = max(fd_abs, fa), max(fd_rel, fr)
                    scores = weights @ D
                    gap[kind][i, L] = scores.sum() - (f1 - site.m_base)
                    path_metric[kind][i, L] = path
                    if method == "ig":
                        left[kind][i, L] = scores
                    else:
                        k, margin = split_index(alphas, site.m_base, path, f1, split_ratio, split_rule)
                        split_margin[kind][i, L] = margin
                        left[kind][i, L] = weights[:k] @ D[:k]
                        right[kind][i, L] = weights[k:] @ D[k:]
                        split_alpha[kind][i, L] = alphas[k] if k < steps else 1.0
        log(f"  pair {i}: T={pair.T} metric clean {pair.metric_clean:.6g} corrupted {pair.metric_corrupted:.6g}")
    if reduce == "mean":
        # per-element means: a head's output has T x d_model elements, a neuron's T
        T = np.array([p.T for p in pairs], dtype=np.float64)[:, None, None]
        for part in (left, right):
            part["heads"] /= T * cfg["n_embd"]
            part["neurons"] /= T
    elif reduce != "none":
        raise ValueError(reduce)

    f32 = lambda a: np.asarray(a, dtype=np.float32)
    tensors = {"heads": f32(left["heads"]), "neurons": f32(left["neurons"]),
               "metric_clean": f32([p.metric_clean for p in pairs]),
               "metric_corrupted": f32([p.metric_corrupted for p in pairs]),
               "lengths": np.array([p.T for p in pairs], dtype=np.int64)}
    meta = {"method": method, "direction": direction, "metric": metric, "rule": rule, "steps": steps,
            "split_ratio": split_ratio if method == "split-ig" else "none",
            "split_rule": split_rule if method == "split-ig" else "none",
            "epsilon": eps if method != "ap" else "none", "reduce": reduce,
            "fd_self_check_max_rel_err": fd_rel if method != "ap" else "none",
            "fd_self_check_max_abs_err": fd_abs if method != "ap" else "none",
            "n_pairs": N, "model_sha256": sha256(os.path.join(model_dir, "model.safetensors")),
            "generator": "weights-tools/attribution_reference.py (float64 numpy, central finite differences)"}
    if is_ig:
        for kind in sizes:
            tensors[f"completeness_gap_{kind}"] = f32(gap[kind])
            tensors[f"path_metric_{kind}"] = f32(path_metric[kind])
        meta["completeness_gap_max_abs"] = max(float(np.abs(g).max()) for g in gap.values())
    if method == "split-ig":
        for kind in sizes:
            tensors[f"{kind}_right"] = f32(right[kind])
            tensors[f"split_alpha_{kind}"] = f32(split_alpha[kind])
            tensors[f"split_margin_{kind}"] = f32(split_margin[kind])
        meta["split_margin_min_abs"] = min(float(m.min()) for m in split_margin.values())
    if method == "ap":
        meta["check_whole_layer_vs_sum_hook_max_abs"] = check
    if method == "atp":
        meta["check_atp_vs_ig_riemann_left_1_max_abs"] = check
    return tensors, meta


def sanity_checks(meta, log=print):
    """Asserts the cross-checks recorded in the metadata (see README)."""
    method = meta["method"]
    if method != "ap":
        log(f"  finite differences: eps vs eps/2 largest disagreement {meta['fd_self_check_max_rel_err']:.3g} "
            f"relative, {meta['fd_self_check_max_abs_err']:.3g} absolute")
        assert meta["fd_self_check_max_rel_err"] < 1e-5, "finite differences disagree between eps and eps/2"
    if method == "ap":
        v = meta["check_whole_layer_vs_sum_hook_max_abs"]
        log(f"  AP, whole layer moved on the component hook vs the summed hook (= IG completeness target): {v:.3g}")
        assert v < 1e-9, "moving every component is not the same as patching the summed hook"
    if method == "atp":
        v = meta["check_atp_vs_ig_riemann_left_1_max_abs"]
        log(f"  AtP vs IG (riemann-left, 1 step): largest difference {v:.3g}")
        assert v < 1e-9, "AtP differs from one-step left-Riemann IG"
    if method in ("ig", "split-ig"):
        v = meta["completeness_gap_max_abs"]
        log(f"  IG completeness gap (sum of scores - target), largest: {v:.3g} ({meta['rule']}, {meta['steps']} steps)")
        if meta["rule"] == "gauss-legendre" and meta["steps"] >= 20:
            assert v < 1e-6, "Gauss-Legendre IG is not complete"
    if method == "split-ig":
        log(f"  Split IG: closest approach of a path value (up to the split) to the threshold: "
            f"{meta['split_margin_min_abs']:.3g}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="model folder (config.json, model.safetensors, vocab.json, merges.txt)")
    ap.add_argument("--data", required=True, help="CSV with header clean,corrupted,correct,incorrect")
    ap.add_argument("--method", required=True, choices=METHODS)
    ap.add_argument("--direction", required=True, choices=DIRECTIONS)
    ap.add_argument("--metric", default="logit-diff", choices=METRICS)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--rule", default="gauss-legendre", choices=RULES)
    ap.add_argument("--split-ratio", type=float, default=0.9)
    ap.add_argument("--split-rule", default="endpoints", choices=SPLIT_RULES)
    ap.add_argument("--epsilon", type=float, default=1e-4,
                    help="central-difference step, as a multiple of the activation difference Delta_c")
    ap.add_argument("--reduce", default="none", choices=("none", "mean"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    t0 = time.time()
    print(f"{a.method} {a.direction} {a.metric}" + (f" {a.rule} {a.steps}" if a.method in ("ig", "split-ig") else "")
          + (f" r={a.split_ratio} {a.split_rule}" if a.method == "split-ig" else "") + f" -> {a.out}")
    tensors, meta = attribute(a.model, read_pairs(a.data), a.method, a.direction, a.metric, a.steps, a.rule,
                              a.split_ratio, a.split_rule, a.epsilon, a.reduce)
    sanity_checks(meta)
    st_io.write(a.out, tensors, meta)
    print(f"  wrote {a.out} ({os.path.getsize(a.out)} bytes) in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
