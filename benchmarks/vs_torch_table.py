"""The markdown table of run-vs-torch.sh from its records (runs.jsonl: one whole-process run each; compare.jsonl:
the score checks).

    python3 benchmarks/vs_torch_table.py benchmarks/target/vs-torch

Times are the best of the runs of each side. A naive PyTorch run that did a sample of the job's work units is
scaled linearly: its setup (import, model load, cached runs) plus its scoring time × units in the job / units done.
Ratios are PyTorch seconds / circuitlens seconds (above 1: circuitlens is faster).
"""
import json
import os
import sys

JOBS = {"a": "IG heads+neurons, 12 layers, 50 steps", "b": "AP 144 heads", "c": "AP neurons of layers 0, 6, 11",
        "d": "AtP heads+neurons"}


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def seconds(run):
    """Whole-process seconds, scaled up to the whole job when the run did only a sample of it."""
    t = run["torch"]
    if run["side"] != "naive" or not t or t["units_done"] >= t["units_total"]:
        return run["wall_s"], None
    scoring = t["work_s"] * t["units_total"] / t["units_done"]
    return run["wall_s"] - t["work_s"] + scoring, f"{t['units_done']}/{t['units_total']}"


def main():
    folder = sys.argv[1]
    runs = load(os.path.join(folder, "runs.jsonl"))
    checks = {(c["job"], c["side"]): c for c in load(os.path.join(folder, "compare.jsonl"))}
    rows = ["| job | circuitlens s | torch batched s | torch naive s | batched / circuitlens | naive / circuitlens "
            "| worst score diff batched | worst score diff naive |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    notes = []
    for job in sorted({r["job"] for r in runs}):
        best = {}
        for side in ("circuitlens", "batched", "naive"):
            times = [seconds(r) for r in runs if r["job"] == job and r["side"] == side]
            if times:
                best[side] = min(times)
        if "circuitlens" not in best:
            continue
        base = best["circuitlens"][0]
        cell = lambda side: f"{best[side][0]:.1f}" + (" *" if best[side][1] else "") if side in best else "—"
        ratio = lambda side: f"{best[side][0] / base:.2f}" if side in best else "—"

        def diff(side):
            c = checks.get((job, side))
            if c is None:
                return "—"
            w = c["result"].get("worst_score_diff")
            return ("%.2g" % w if w is not None else "n/a") + ("" if c["ok"] else " FAIL")

        rows.append(f"| {job}: {JOBS.get(job, job)} | {cell('circuitlens')} | {cell('batched')} | {cell('naive')} "
                    f"| {ratio('batched')} | {ratio('naive')} | {diff('batched')} | {diff('naive')} |")
        if "naive" in best and best["naive"][1]:
            notes.append(f"* job {job}: naive PyTorch ran {best['naive'][1]} work units; its scoring time was scaled "
                         f"linearly to the whole job (setup not scaled)")
        n = {s: sum(1 for r in runs if r["job"] == job and r["side"] == s) for s in ("circuitlens", "batched", "naive")}
        notes.append(f"job {job}: best of {n['circuitlens']} / {n['batched']} / {n['naive']} runs "
                     "(circuitlens / batched / naive)")
    print("\n".join(rows))
    print()
    print("\n".join(notes))
    print("Worst score diff: max |circuitlens − PyTorch| over heads and neurons (AP, AtP: must be ≤ 1e-3 of the "
          "largest |score|; IG: ≤ 1e-3).")


if __name__ == "__main__":
    main()
