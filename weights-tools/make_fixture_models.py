"""Writes the tiny models listed in fixture-plan.json with `bin/circuitlens make-tiny` (run from the repo root).

    python3 weights-tools/make_fixture_models.py weights-tools/fixture-plan.json
Then: python3 weights-tools/make_fixtures.py weights-tools/fixture-plan.json src/test/resources/fixtures
"""
import json
import subprocess
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    plan = json.load(f)
for e in plan:
    mt = e["make_tiny"]
    cmd = ["bin/circuitlens", "make-tiny", "--out", e["model_dir"], "--layers", str(mt["layers"]), "--heads", str(mt["heads"]),
           "--d-model", str(mt["d_model"]), "--d-mlp", str(mt["d_mlp"]), "--n-ctx", str(mt["n_ctx"]), "--vocab", mt["vocab"],
           "--seed", str(mt["seed"]), "--dtype", mt["dtype"], "--key-style", mt["key_style"]]
    print(" ".join(cmd))
    subprocess.run(cmd, check=True)
