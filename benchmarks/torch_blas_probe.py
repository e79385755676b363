"""Which BLAS PyTorch's matrix products really run on, and how fast: prints one JSON line with the BLAS libraries
loaded into this process, OpenBLAS's own report of its CPU kernels ("core") and build, torch's thread count, and
the GFLOP/s of one float32 product of the MLP shape (512 x 768 x 3072, best of 10).

    OPENBLAS_CORETYPE=... python3 benchmarks/torch_blas_probe.py [--threads 2]

Used by torch_blas.sh to pick the BLAS for the timed runs; never part of a timed process.
"""
import argparse
import ctypes
import json
import time

import torch


def openblas_report(path):
    lib = ctypes.CDLL(path)
    if not hasattr(lib, "openblas_get_corename"):
        return None
    lib.openblas_get_corename.restype = ctypes.c_char_p
    lib.openblas_get_config.restype = ctypes.c_char_p
    return {"core": lib.openblas_get_corename().decode(), "config": lib.openblas_get_config().decode()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    x, w = torch.randn(512, 768), torch.randn(768, 3072)
    x @ w  # loads the BLAS
    with open("/proc/self/maps") as f:
        libs = sorted({ln.split()[-1] for ln in f if ".so" in ln and ("blas" in ln or "mkl" in ln)})
    openblas = next((r for r in (openblas_report(p) for p in libs if "openblas" in p) if r), None)
    best = float("inf")
    for _ in range(10):
        t = time.perf_counter()
        x @ w
        best = min(best, time.perf_counter() - t)
    print(json.dumps({"libraries": libs, "openblas": openblas, "torch_threads": torch.get_num_threads(),
                      "sgemm_gflops": round(2 * 512 * 768 * 3072 / best / 1e9, 1)}))


if __name__ == "__main__":
    main()
