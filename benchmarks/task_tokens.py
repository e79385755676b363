"""Token ids of a built-in task's first N pairs, as circuitlens reads them, for the PyTorch side of run-vs-torch.sh.

    python3 benchmarks/task_tokens.py --model DIR --csv datasets/ioi.csv --limit 8 --out PAIRS.json

Reads the ioi layout (clean, corrupted, correct_idx, incorrect_idx: what `attribute --task ioi` uses by default)
and tokenizes every prompt with `bin/circuitlens tokenize` (BOS prepended, as attribute does), so both sides see the
same ids without a second tokenizer. Writes {"clean": [[ids]], "corrupted": [[ids]], "correct": [id], "incorrect":
[id], "rows": [data row]}. Not part of any timed process.
"""
import argparse
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CIRCUITLENS = os.path.join(HERE, "..", "bin", "circuitlens")


def tokenize(model, text):
    done = subprocess.run([CIRCUITLENS, "tokenize", "--model", model, text], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"task_tokens: circuitlens tokenize failed on {text!r}: {done.stderr.strip().splitlines()[-1:]}")
    return [int(t) for t in done.stdout.split()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--limit", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(a.csv, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:a.limit]
    out = {"clean": [], "corrupted": [], "correct": [], "incorrect": [], "rows": []}
    for i, row in enumerate(rows, start=1):
        clean, corrupted = tokenize(a.model, row["clean"]), tokenize(a.model, row["corrupted"])
        if len(clean) != len(corrupted):
            sys.exit(f"task_tokens: {a.csv} row {i}: clean has {len(clean)} tokens, corrupted {len(corrupted)}")
        out["clean"].append(clean)
        out["corrupted"].append(corrupted)
        out["correct"].append(int(row["correct_idx"]))
        out["incorrect"].append(int(row["incorrect_idx"]))
        out["rows"].append(i)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f)
    print(f"{a.out}: {len(rows)} pairs, token counts {[len(c) for c in out['clean']]}")


if __name__ == "__main__":
    main()
