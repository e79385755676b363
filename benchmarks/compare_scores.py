"""Worst score difference between a circuitlens attribution result and the PyTorch one of the same job.

    python3 benchmarks/compare_scores.py CIRCUITLENS.safetensors TORCH.safetensors --method ap|atp|ig

Compares every score tensor both files hold (heads, neurons) and the base metrics, entry by entry, skipping NaN
entries of the PyTorch file (work a sampled naive run left out). Tolerances: AP and AtP within 1e-3 of the largest
|score| circuitlens gives for that tensor, IG within 1e-3 absolute. Prints one JSON line; exit status 1 when a
tensor is off (or nothing could be compared).
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "weights-tools"))
import st_io  # noqa: E402

SCORES = ("heads", "neurons")


def compare(ours, theirs, method):
    """{tensor: {worst_abs, scale, tolerance, compared, ok}} for every score tensor and metric both hold."""
    out = {}
    for name in SCORES + ("metric_clean", "metric_corrupted"):
        if name not in ours or name not in theirs:
            continue
        a, b = ours[name], theirs[name]
        if a.shape != b.shape:
            out[name] = {"error": f"circuitlens has shape {list(a.shape)}, torch {list(b.shape)}", "ok": False}
            continue
        keep = ~np.isnan(b)
        scale = float(np.abs(a).max())
        relative = name in SCORES and method in ("ap", "atp")
        tol = 1e-3 * scale if relative else 1e-3
        worst = float(np.abs(a[keep] - b[keep]).max()) if keep.any() else float("nan")
        out[name] = {"worst_abs": worst, "max_abs_circuitlens": scale, "tolerance": tol,
                     "compared": int(keep.sum()), "ok": bool(keep.any() and worst <= tol)}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("circuitlens")
    ap.add_argument("torch")
    ap.add_argument("--method", required=True, choices=("ap", "atp", "ig"))
    a = ap.parse_args()
    ours, _ = st_io.read(a.circuitlens)
    theirs, _ = st_io.read(a.torch)
    result = compare(ours, theirs, a.method)
    scored = [k for k in result if k in SCORES]
    worst = max((result[k].get("worst_abs", float("inf")) for k in scored), default=None)
    print(json.dumps({"tensors": result, "worst_score_diff": worst}))
    return 0 if scored and all(r["ok"] for r in result.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
