#!/usr/bin/env python3
"""numpy float32 matmul on the GemmBenchmark shapes: best-of-N (and median) GFLOP/s as JSON, for run-gemm.sh.

Shape names are those of GemmShape.java: MxNxK_OP[_ldLD], OP = N/T for op(A), op(B); ldLD makes both operands
strided views (one attention head inside a [T, 3*768] buffer). Set the BLAS thread count through the environment
(OPENBLAS_NUM_THREADS etc.) before starting Python; run-gemm.sh does.
"""
import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
from contextlib import redirect_stdout

import numpy as np


def parse(name):
    parts = name.split("_")
    m, n, k = (int(x) for x in parts[0].split("x"))
    op = parts[1]
    ld = int(parts[2][2:]) if len(parts) > 2 else 0
    return m, n, k, op[0] == "T", op[1] == "T", ld


def operand(rng, rows, cols, ld):
    """rows×cols float32, a strided view into rows×ld storage when ld > cols."""
    full = rng.standard_normal((rows, max(ld, cols)), dtype=np.float32)
    return full[:, :cols]


def measure(name, min_seconds, repeats):
    m, n, k, trans_a, trans_b, ld = parse(name)
    rng = np.random.default_rng(7)
    a = operand(rng, k, m, ld).T if trans_a else operand(rng, m, k, ld)
    b = operand(rng, n, k, ld).T if trans_b else operand(rng, k, n, ld)
    out = np.empty((m, n), dtype=np.float32)
    np.matmul(a, b, out=out)
    # Calls per timed run: enough for min_seconds, so that tiny shapes are not timer noise.
    t0 = time.perf_counter()
    np.matmul(a, b, out=out)
    once = max(time.perf_counter() - t0, 1e-7)
    calls = max(1, int(min_seconds / once))
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            np.matmul(a, b, out=out)
        times.append((time.perf_counter() - t0) / calls)
    flop = 2.0 * m * n * k
    return {"shape": name, "seconds": min(times),
            "gflops": flop / min(times) / 1e9, "gflops_median": flop / statistics.median(times) / 1e9}


def blas_info():
    """The BLAS numpy was built against, from numpy.show_config()."""
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return {k: blas.get(k) for k in ("name", "version", "openblas configuration") if blas.get(k)}
    except (TypeError, KeyError):  # numpy < 1.25 only prints
        buf = io.StringIO()
        with redirect_stdout(buf):
            np.show_config()
        return buf.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("shapes", nargs="+", help="shape names, e.g. 512x768x768_NN")
    parser.add_argument("--min-seconds", type=float, default=0.2, help="time per repeat (default 0.2 s)")
    parser.add_argument("--repeats", type=int, default=7, help="repeats, best one counts (default 7)")
    args = parser.parse_args()
    results = [measure(s, args.min_seconds, args.repeats) for s in args.shapes]
    json.dump({
        "numpy": np.__version__,
        "python": platform.python_version(),
        "blas": blas_info(),
        "threads_env": {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")},
        "results": results,
    }, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
