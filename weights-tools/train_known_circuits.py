"""Trains the small GPT-2 models with known circuits in datasets/known-circuits/ and establishes their ground truth.

    /usr/bin/python3 weights-tools/train_known_circuits.py [--out datasets/known-circuits] [--only induction,fact,ioi]

Needs Debian's python3-torch (and python3-numpy); run from the repository root. For each task (see
known_circuits_tasks.py) it trains a 2-layer model (seeded, deterministic, one CPU thread), measures accuracy on
held-out prompts, writes the model in the Hugging Face layout circuitlens loads, a pairs.csv of 48 clean/corrupted
pairs, and truth.json: the heads whose single resample ablation moves the mean logit diff by at least HEAD_SHARE
of the clean-corrupted gap and whose mechanism signature agrees (known_circuits_signatures.py), or for the fact
model the neurons per row (fact_truth), with the evidence. It records how much of the behaviour the truth carries
with everything else mean-ablated (circuit_check; measured, not used to choose the truth) and checks the saved files
with the independent numpy forward (gpt2_reference.py).
Neither circuitlens nor its tests need this script: it only reproduces the committed files.
"""
import argparse
import csv
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gpt2_reference  # noqa: E402  (the independent float64 numpy forward)
from known_circuits_ablation import all_neurons_resampled, faithfulness, single_ablations  # noqa: E402
from known_circuits_model import TinyGpt2, encode  # noqa: E402
from known_circuits_signatures import fact_neuron_scores, ioi_scores, repeated_token_scores  # noqa: E402
from known_circuits_tasks import TASKS  # noqa: E402

SEED = 20240612
PAIRS = 48
HELD_OUT = 500
HEAD_SHARE = 0.25    # a head is in the circuit if resampling it alone moves the mean logit diff by >= 25% of the gap
NEURON_SHARE = 0.10  # a fact neuron carries a row's fact if resampling it moves that row's logit diff by >= 10% of
                     # what resampling every neuron moves it (the row's MLP part)
SIGNATURE = 0.5      # and its attention signature (or, for neurons, selectivity) is at least this
RANDOM_DRAWS = 20    # random circuits for the faithfulness record


def train(task, log):
    torch.manual_seed(SEED)
    model = TinyGpt2(**task.model)
    for name in task.frozen:  # fixed at zero: see the task's docstring
        p = model.p(name)
        p.data.zero_()
        p.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=3e-3, betas=(0.9, 0.98), weight_decay=0.01)
    rng = random.Random(SEED)
    start = time.time()
    for step in range(task.steps):
        # 100 warm-up steps, then cosine decay to 0
        lr = 3e-3 * min(1.0, (step + 1) / 100) * 0.5 * (1 + math.cos(math.pi * step / task.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        toks, mask = task.train_batch(rng, 64)
        posts = []
        hooks = {}
        if task.l1:
            hooks = {f"blocks.{l}.mlp.hook_post": (lambda x: posts.append(x) or x) for l in range(model.cfg["n_layer"])}
        if mask.dim() == 1:  # the same positions in every row
            logits = model(toks, hooks)[:, :-1][:, mask]
            targets = toks[:, 1:][:, mask]
        else:  # [rows, positions]: each row its own
            logits = model(toks, hooks)[:, :-1][mask]
            targets = toks[:, 1:][mask]
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
        if posts:
            loss = loss + task.l1 * sparsity_penalty(model, posts)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 200 == 0 or step == task.steps - 1:
            log(f"  step {step:4d}  loss {loss.item():.4f}  {time.time() - start:.0f} s")
    return model, time.time() - start


def sparsity_penalty(model, posts):
    """The sparsity term on the MLPs (posts: each layer's mlp.hook_post, in layer order): the mean over positions and
    neurons of sqrt(|post| * ||W_out row|| + 1e-3), a concave function of the size of what each neuron writes into the
    residual stream. Weighting by the output norm stops the model from dodging the penalty by shrinking activations
    and growing output weights; the square root makes one large contribution cheaper than several small ones of the
    same total, which an L1 penalty is indifferent to, so each fact ends up on few neurons. Measured on the fact
    model (per-row truth's faithfulness under mean ablation, with the whole-gap share criterion of before): L1 on
    activations 0.1 / 1 / 3 -> 0.43 / 0.52 / 0.49; L1 on contributions 0.3 / 1 -> 0.47 / 0.50; this penalty
    0.3 / 1 -> 0.60 / 0.88."""
    norms = [model.p(f"h.{l}.mlp.c_proj.weight").norm(dim=1) for l in range(len(posts))]
    return sum(((p.abs() * n) + 1e-3).sqrt().mean() for p, n in zip(posts, norms))


def load(task, out_dir):
    cfg, params = gpt2_reference.load(out_dir)
    model = TinyGpt2(**task.model)
    for name, value in params.items():
        model.p(name).data.copy_(torch.tensor(value, dtype=torch.float32))
    return model


@torch.no_grad()
def accuracy(model, prompts):
    hits = 0
    for text, answer in prompts:
        logits = model(torch.tensor([encode(text)]))[0, -1]
        hits += int(logits.argmax().item() == encode(answer, bos=False)[0])
    return hits / len(prompts)


def write_pairs(path, pairs):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["clean", "corrupted", "correct", "incorrect"])
        w.writerows(pairs)


@torch.no_grad()
def reference_check(model, out_dir, prompts):
    """Largest |logit| difference between the torch model and gpt2_reference.py (float64 numpy) on the saved files,
    and the same for the attention patterns: proves that what is saved is what was trained and measured."""
    cfg, params = gpt2_reference.load(out_dir)
    worst_logit = worst_pattern = 0.0
    for text in prompts:
        toks = encode(text)
        ref_logits, hooks = gpt2_reference.forward(cfg, params, toks)
        kept = {}
        names = {f"blocks.{l}.attn.hook_pattern": l for l in range(cfg["n_layer"])}
        ours = model(torch.tensor([toks]), {n: (lambda x, n=n: kept.__setitem__(n, x) or x) for n in names})[0]
        worst_logit = max(worst_logit, float(np.abs(ours.numpy() - ref_logits).max()))
        for n in names:
            worst_pattern = max(worst_pattern, float(np.abs(kept[n][0].numpy() - hooks[n]).max()))
    return worst_logit, worst_pattern


def head_label(l, h):
    return f"{l}.{h}"


def neuron_label(l, n):
    return f"m{l}.{n}"


def shares(result):
    """Each component's mean resample effect as a share of the mean clean-corrupted gap (positive = needed)."""
    gap = float((result["metric_clean"] - result["metric_corrupted"]).mean())
    return -result["heads"].mean(0) / gap, -result["neurons"].mean(0) / gap, gap


def heads_truth(task, model, ablation, held_out):
    head_share, neuron_share, gap = shares(ablation)
    if task.name == "induction":
        sig = repeated_token_scores(model)
        roles = {"previous-token head": "previous_token", "induction head": "induction",
                 "duplicate-token head": "duplicate_token"}
    else:
        sig = ioi_scores(model, held_out[:200])
        roles = {"S2->IO head (at the repeated name, attends to the other name)": "s2->io",
                 "end->S2 mover (at the end, attends to the repeated name's position)": "end->s2",
                 "duplicate-token head": "s2->s1", "name mover head": "end->io"}
    truth, others = [], []
    L, H = head_share.shape
    for l in range(L):
        for h in range(H):
            scores = {k: round(v[l][h], 4) for k, v in sig.items()}
            role = max(roles, key=lambda r: sig[roles[r]][l][h])
            entry = {"component": head_label(l, h), "resample_share": round(float(head_share[l, h]), 4),
                     "signature": scores, "role": role if sig[roles[role]][l][h] >= SIGNATURE else None}
            (truth if entry["resample_share"] >= HEAD_SHARE and entry["role"] else others).append(entry)
    flat = neuron_share.flatten()
    top = flat.abs().argsort(descending=True)[:5]
    d_mlp = neuron_share.shape[1]
    by_ablation = [e["component"] for e in truth + others if e["resample_share"] >= HEAD_SHARE]
    by_signature = [e["component"] for e in truth + others if e["role"]]
    return {
        "gap": round(gap, 4),
        # the two halves of the criterion, each alone: the truth is trusted when they name the same heads
        "criterion_check": {"by_ablation": sorted(by_ablation), "by_signature": sorted(by_signature),
                            "agree": sorted(by_ablation) == sorted(by_signature)},
        "heads": truth,
        "other_heads": others,
        "neurons": [],
        "largest_neuron_shares": {neuron_label(int(i) // d_mlp, int(i) % d_mlp): round(float(flat[i]), 4) for i in top},
    }


def fact_truth(task, model, ablation, pairs):
    """Per data row, the neurons that carry its fact: resampling one alone moves the row's logit diff by at least
    NEURON_SHARE of what resampling all neurons together moves it (the row's MLP part). The denominator is the MLP part,
    not the whole clean-corrupted gap, because the corrupted prompt also changes the last token's embedding, whose
    direct path to the (tied) unembedding carries part of the gap that no component holds; a share of the whole gap
    would demand more of a neuron the more the embeddings do. Per subject (evidence): the same share averaged over the
    rows where it is the clean subject, for neurons also selective for it (activation at the subject minus the median
    over all subjects is at least SIGNATURE of the neuron's largest activation)."""
    head_share, neuron_share, gap = shares(ablation)
    subjects, act, dla = fact_neuron_scores(model, task.attribute)
    row_gap = ablation["metric_clean"] - ablation["metric_corrupted"]
    mlp_part = -all_neurons_resampled(model, pairs)  # [N]
    row_share = -ablation["neurons"] / mlp_part[:, None, None]  # [N, L, d_mlp]
    L, d_mlp = neuron_share.shape
    selectivity = (act - act.median(0).values) / act.max(0).values.clamp(min=1e-6)  # [S, L, d_mlp]
    keys = {}
    for si, s in enumerate(subjects):
        rows = [i for i, p in enumerate(pairs) if p[2] == task.attribute[s]]
        entries = []
        for l in range(L):
            for n in range(d_mlp):
                share = float(row_share[rows, l, n].mean()) if rows else float("nan")
                if rows and share >= NEURON_SHARE and float(selectivity[si, l, n]) >= SIGNATURE:
                    entries.append({"component": neuron_label(l, n), "row_share": round(share, 4),
                                    "selectivity": round(float(selectivity[si, l, n]), 4),
                                    "activation": round(float(act[si, l, n]), 4),
                                    "direct_logit_attribution": round(float(dla[si, l, n]), 4)})
        keys[s] = {"attribute": task.attribute[s], "rows": [r + 1 for r in rows],
                   "key_neurons": sorted(entries, key=lambda e: -e["row_share"])}
    per_row = []
    for i, (clean, corrupted, correct, incorrect) in enumerate(pairs):
        found = [neuron_label(l, n) for l in range(L) for n in range(d_mlp) if row_share[i, l, n] >= NEURON_SHARE]
        per_row.append({"row": i + 1, "clean_subject": clean[-1], "corrupted_subject": corrupted[-1],
                        "gap": round(float(row_gap[i]), 4), "mlp_part": round(float(mlp_part[i]), 4),
                        "neurons_at_least_share": found})
    flat = neuron_share.flatten()
    top = flat.argsort(descending=True)[:10]
    return {
        "gap": round(gap, 4),
        "mlp_part_of_gap": round(float(mlp_part.mean()), 4),
        "heads": [],
        "largest_head_share": round(float(head_share.abs().max()), 6),
        "neurons_by_subject": keys,
        "neurons_by_row": per_row,
        "largest_mean_neuron_shares": {neuron_label(int(i) // d_mlp, int(i) % d_mlp): round(float(flat[i]), 4) for i in top},
    }


def circuit_check(model, pairs, truth):
    """How much of the behaviour the truth carries under circuitlens' default faithfulness (everything else
    mean-ablated over the corrupted prompts), and seeded random circuits of the same sizes: a record to compare
    `circuitlens validate` against, measured here with the torch model. Not used to choose the truth."""
    if "neurons_by_row" in truth:
        circuit = [set(r["neurons_at_least_share"]) for r in truth["neurons_by_row"]]
        sizes = [len(c) for c in circuit]
    else:
        circuit = {e["component"] for e in truth["heads"]} | {e["component"] for e in truth["neurons"]}
        sizes = [len(circuit)]
    c = model.cfg
    labels = [head_label(l, h) for l in range(c["n_layer"]) for h in range(c["n_head"])]
    labels += [neuron_label(l, n) for l in range(c["n_layer"]) for n in range(c["d_mlp"])]
    f, full, empty, kept = faithfulness(model, pairs, circuit)
    rng = random.Random(SEED)
    draws = []
    for _ in range(RANDOM_DRAWS):
        sets = [set(rng.sample(labels, k)) for k in sizes]
        draws.append(faithfulness(model, pairs, sets if len(sets) > 1 else sets[0])[0])
    return {"ablation": "mean over the corrupted prompts' positions, every head and neuron outside the circuit",
            "faithfulness": round(f, 4), "metric_full": round(full, 4), "metric_empty": round(empty, 4),
            "metric_circuit": round(kept, 4), "random_draws": RANDOM_DRAWS,
            "random_mean": round(sum(draws) / len(draws), 4), "random_max": round(max(draws), 4)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="datasets/known-circuits")
    ap.add_argument("--only", default="induction,fact,ioi")
    ap.add_argument("--truth-only", action="store_true",
                    help="load the saved model and recompute pairs.csv and truth.json (keeps the training record)")
    args = ap.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # a fixed thread count keeps the float reductions, hence the weights, reproducible

    total = time.time()
    for name in args.only.split(","):
        task = TASKS[name]()
        out_dir = os.path.join(args.out, name)
        if args.truth_only:
            model = load(task, out_dir)
            with open(os.path.join(out_dir, "truth.json"), encoding="utf-8") as f:
                seconds = json.load(f)["training"]["seconds"]
        else:
            print(f"{name}: training {task.steps} steps", flush=True)
            model, seconds = train(task, lambda s: print(s, flush=True))
        model.eval()
        held_out = task.held_out(random.Random(SEED + 1), HELD_OUT)
        acc = accuracy(model, held_out)
        if not args.truth_only:
            model.save(out_dir)
        pairs = [task.pair(random.Random(SEED + 2 + i)) for i in range(PAIRS)]
        write_pairs(os.path.join(out_dir, "pairs.csv"), pairs)
        ablation = single_ablations(model, pairs, "resample")
        if name == "fact":
            truth = fact_truth(task, model, ablation, pairs)
        else:
            truth = heads_truth(task, model, ablation, held_out)
        m_clean, m_corr = ablation["metric_clean"], ablation["metric_corrupted"]
        worst_logit, worst_pattern = reference_check(model, out_dir, [p[0] for p in pairs[:8]] + [p[1] for p in pairs[:8]])
        record = {
            "task": name,
            "criterion": {"ablation": "resample (the pair's own corrupted activation), single component, metric "
                                      "logit[correct] - logit[incorrect] at the last position",
                          "head_share": HEAD_SHARE, "neuron_share": NEURON_SHARE, "signature": SIGNATURE},
            "training": {"steps": task.steps, "seconds": round(seconds, 1), "seed": SEED, "config": model.cfg,
                         "held_out_accuracy": acc, "held_out_prompts": HELD_OUT},
            "pairs": {"rows": PAIRS, "metric_clean_mean": round(float(m_clean.mean()), 4),
                      "metric_corrupted_mean": round(float(m_corr.mean()), 4),
                      "clean_rows_positive": int((m_clean > 0).sum()), "corrupted_rows_negative": int((m_corr < 0).sum())},
            "reference_check": {"max_abs_logit_diff": worst_logit, "max_abs_pattern_diff": worst_pattern},
            **truth,
        }
        record["circuit_check"] = circuit_check(model, pairs, record)
        with open(os.path.join(out_dir, "truth.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(record, indent=1) + "\n")
        print(f"{name}: {seconds:.0f} s, held-out accuracy {acc:.3f}, metric clean {float(m_clean.mean()):.2f} "
              f"corrupted {float(m_corr.mean()):.2f}, reference |dlogit| {worst_logit:.1e} |dpattern| {worst_pattern:.1e}",
              flush=True)
        print(json.dumps({k: record[k] for k in record if k in ("heads", "largest_neuron_shares", "largest_head_share",
                                                               "largest_mean_neuron_shares", "circuit_check")}, indent=None), flush=True)
    print(f"total {time.time() - total:.0f} s")


if __name__ == "__main__":
    main()
