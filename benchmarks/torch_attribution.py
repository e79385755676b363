"""The attribution jobs of circuitlens in plain PyTorch, for the whole-process comparison (run-vs-torch.sh) and as an
independent check of circuitlens' scores.

    python3 benchmarks/torch_attribution.py ig|ap|atp --model DIR --pairs PAIRS.json --out OUT.safetensors \\
        [--components heads,neurons] [--layers 0,6,11] [--steps 50] [--threads 2] \\
        [--naive [--sample-layers 0,11] [--sample-components K]]
    python3 benchmarks/torch_attribution.py check-padding --model DIR --pairs PAIRS.json

Semantics of `circuitlens attribute --method M --direction clean-to-corrupted --metric logit-diff` (README,
"Attribution"): BOS-prefixed prompts (PAIRS.json from task_tokens.py), the metric at each prompt's last token, heads
through attn.hook_z, neurons through mlp.hook_post, scores summed over elements and positions. Writes `heads`
[N, n_layer, n_head] and/or `neurons` [N, n_layer, d_mlp], `metric_clean`, `metric_corrupted` [N] (float32); units
outside a --naive sample are NaN. Prints one JSON line: seconds to set up (import, load, cached runs) and to score,
and the work units done and in the whole job (for scaling a sampled naive run).

Default: the strong user's batched code (torch_batched.py); --naive: one full forward per step / patch
(torch_naive.py). check-padding compares the padded batch's clean and corrupted metrics with each prompt run alone.
"""
import time

START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "weights-tools"))
import st_io  # noqa: E402
import torch_batched  # noqa: E402
import torch_naive  # noqa: E402
from torch_gpt2 import Gpt2  # noqa: E402
from torch_runs import Pairs, cache_run  # noqa: E402

KINDS = ("heads", "neurons")


def int_list(text):
    return [int(x) for x in text.split(",") if x != ""]


def parse(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("job", choices=("ig", "ap", "atp", "check-padding"))
    ap.add_argument("--model", required=True)
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--out")
    ap.add_argument("--components", default="heads,neurons")
    ap.add_argument("--layers", type=int_list, help="AP and IG: only these layers (others score 0, as in circuitlens)")
    ap.add_argument("--steps", type=int, default=50, help="Gauss–Legendre nodes on [0, 1]")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--naive", action="store_true")
    ap.add_argument("--sample-layers", type=int_list, help="--naive: run only these of the job's layers")
    ap.add_argument("--sample-components", type=int, help="--naive ap: only the first K components of each layer")
    ap.add_argument("--chunk-tokens", type=int, default=16384, help="AP: tokens per batched pass")
    ap.add_argument("--grad-chunk-tokens", type=int, default=0,
                    help="IG: tokens per forward+backward pass, in whole steps (0: all steps of a layer in one pass)")
    a = ap.parse_args(argv)
    a.components = a.components.split(",")
    bad = [c for c in a.components if c not in KINDS]
    if bad:
        ap.error(f"--components: unknown {bad}; this comparison covers {', '.join(KINDS)}")
    if a.job != "check-padding" and not a.out:
        ap.error("--out is required")
    return a


def check_padding(model, pairs):
    """The padded batch's metrics against each prompt run alone (unpadded)."""
    worst = 0.0
    with torch.inference_mode():
        for tokens in (pairs.clean, pairs.corrupted):
            batched = pairs.metric(model, model.run(tokens, lambda name, l, v: v))
            for p in range(pairs.n):
                alone = model.run(tokens[p:p + 1, :int(pairs.lengths[p])], lambda name, l, v: v)
                m = model.logit_diff(alone, pairs.last[p:p + 1], pairs.correct[p:p + 1], pairs.incorrect[p:p + 1])
                worst = max(worst, abs(float(m[0] - batched[p])))
    scale = float(pairs.metric(model, cache_run(model, pairs.clean)["resid_final", None]).abs().max())
    print(json.dumps({"padding_worst_abs_diff": worst, "max_abs_metric": scale, "prompts": pairs.n,
                      "lengths": pairs.lengths.tolist()}))
    return worst <= 1e-4 * max(1.0, scale)


def main(argv):
    a = parse(argv)
    torch.set_num_threads(a.threads)
    model = Gpt2(a.model)
    pairs = Pairs(a.pairs)
    if a.job == "check-padding":
        return 0 if check_padding(model, pairs) else 1
    layers = a.layers if a.layers is not None else list(range(model.n_layer))
    bad = [l for l in layers if not 0 <= l < model.n_layer]
    if bad:
        sys.exit(f"torch_attribution: --layers {bad}: the model has {model.n_layer} layers")
    clean, corrupted = cache_run(model, pairs.clean), cache_run(model, pairs.corrupted)
    setup_s = time.perf_counter() - START

    run = [layers, layers]  # the job's layers, and those this process runs
    if a.naive and a.sample_layers is not None:
        run[1] = [l for l in layers if l in a.sample_layers]
    t0 = time.perf_counter()
    out, done, total = {}, 0, 0
    if a.job == "atp":  # one pass covers every layer of every kind
        impl = torch_naive if a.naive else torch_batched
        out, done = impl.attribution_patching(model, pairs, clean, corrupted, a.components)
        total = done
    for kind in (a.components if a.job != "atp" else ()):
        units = model.n_head if kind == "heads" else model.d_mlp
        if a.job == "ap":
            total += len(layers) * units
            if a.naive:
                comps = range(units if a.sample_components is None else min(units, a.sample_components))
                out[kind], n = torch_naive.activation_patching(model, pairs, clean, corrupted, kind, run[1], comps)
            else:
                out[kind], n = torch_batched.activation_patching(model, pairs, clean, corrupted, kind, layers,
                                                                 a.chunk_tokens)
                n *= units
        else:
            total += len(layers)
            x, w = np.polynomial.legendre.leggauss(a.steps)
            alphas, weights = (x + 1) / 2, w / 2
            if a.naive:
                out[kind], n = torch_naive.integrated_gradients(model, pairs, clean, corrupted, kind, run[1], alphas,
                                                                weights)
            else:
                out[kind], n = torch_batched.integrated_gradients(model, pairs, clean, corrupted, kind, layers, alphas,
                                                                  weights, a.grad_chunk_tokens)
        done += n
    work_s = time.perf_counter() - t0

    tensors = {k: v.float().numpy() for k, v in out.items()}
    with torch.no_grad():
        tensors["metric_clean"] = pairs.metric(model, clean["resid_final", None]).numpy()
        tensors["metric_corrupted"] = pairs.metric(model, corrupted["resid_final", None]).numpy()
    record = {"job": a.job, "naive": a.naive, "components": a.components, "setup_s": round(setup_s, 3),
              "work_s": round(work_s, 3), "units_done": done, "units_total": total, "threads": a.threads,
              "torch": torch.__version__}
    st_io.write(a.out, tensors, {"run": json.dumps(record)})
    print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
