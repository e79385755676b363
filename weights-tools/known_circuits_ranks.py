"""Where the ground truth of a known-circuit model ranks in circuitlens outputs (ablation tables, attribute runs).

    python3 weights-tools/known_circuits_ranks.py datasets/known-circuits/NAME RESULTS_DIR

Scores are oriented so that larger = more needed by the clean behaviour (noising / ablation scores negated,
denoising kept), averaged over the prompts, and ranked within their kind (1 = top). For the fact model, whose
key neurons differ per subject, it reports per row whether that row's truth neurons (truth.json
neurons_by_row) are in the row's top 5 neurons.
"""
import glob
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import st_io  # noqa: E402

TOP_ROW = 5


def ranks(importance):
    """1-based rank of every component (flattened [L, width]) by descending importance."""
    order = np.argsort(-importance.reshape(-1), kind="stable")
    r = np.empty(order.size, dtype=int)
    r[order] = np.arange(1, order.size + 1)
    return r.reshape(importance.shape)


def label_index(label):
    if label.startswith("m"):
        layer, unit = label[1:].split(".")
    else:
        layer, unit = label.split(".")
    return int(layer), int(unit)


def main():
    model_dir, res_dir = sys.argv[1], sys.argv[2]
    with open(os.path.join(model_dir, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    truth_heads = [h["component"] for h in truth["heads"]]
    print(f"{truth['task']}: truth heads {truth_heads}")
    for path in sorted(glob.glob(os.path.join(res_dir, "*.safetensors"))):
        t, meta = st_io.read(path)
        run = json.loads(meta.get("run", "{}"))
        direction = run.get("direction", "clean-to-corrupted")
        sign = 1.0 if direction == "corrupted-to-clean" else -1.0
        name = os.path.basename(path)[: -len(".safetensors")]
        parts = [f"{name:34s} clean>0 {int((t['metric_clean'] > 0).sum())}/{len(t['metric_clean'])}"]
        if "heads" in t and np.abs(t["heads"]).sum() > 0:
            imp = sign * t["heads"].mean(0)
            r = ranks(imp)
            parts.append("head ranks " + " ".join(f"{h}:{r[label_index(h)]}" for h in truth_heads))
            parts.append("heads " + " ".join(f"{l}.{h}={imp[l, h]:.3f}" for l in range(imp.shape[0]) for h in range(imp.shape[1])))
        elif "heads" in t:
            parts.append("heads all 0")
        if "neurons" in t and np.abs(t["neurons"]).sum() > 0:
            imp_rows = sign * t["neurons"]  # [N, L, d_mlp]
            mean = imp_rows.mean(0)
            top = np.argsort(-mean.reshape(-1))[:3]
            width = mean.shape[1]
            parts.append("top neurons " + " ".join(f"m{i // width}.{i % width}={mean.reshape(-1)[i]:.3f}" for i in top))
            if "neurons_by_row" in truth:
                hits = total = 0
                for row in truth["neurons_by_row"]:
                    r = ranks(imp_rows[row["row"] - 1])
                    for lab in row["neurons_at_least_share"]:
                        total += 1
                        hits += int(r[label_index(lab)] <= TOP_ROW)
                parts.append(f"row truth neurons in the row's top {TOP_ROW}: {hits}/{total}")
        print("  " + " | ".join(parts))


if __name__ == "__main__":
    main()
