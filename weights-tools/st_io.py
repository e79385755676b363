"""Minimal safetensors reader/writer on numpy alone (no torch, no safetensors package needed).

Used by the reference scripts so that they stay independent of the Java implementation they check.
"""
import json
import struct

import numpy as np

_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read(path):
    """Returns {name: float64 or int64 numpy array} and the metadata dict."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {}) or {}
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        buf = data[begin:end]
        shape = info["shape"]
        dt = info["dtype"]
        if dt == "BF16":
            bits = np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16
            arr = bits.view(np.float32).astype(np.float64)
        elif dt in _DTYPES:
            arr = np.frombuffer(buf, dtype=np.dtype(_DTYPES[dt]).newbyteorder("<"))
            arr = arr.astype(np.float64 if arr.dtype.kind == "f" else np.int64)
        else:
            raise ValueError(f"{path}: unsupported dtype {dt} for {name}")
        out[name] = arr.reshape(shape)
    return out, meta


def write(path, tensors, metadata=None):
    """Writes {name: numpy array} (float32 / float64 / int64 kept as they are)."""
    header = {}
    blobs = []
    offset = 0
    for name, arr in tensors.items():
        arr = np.ascontiguousarray(arr)
        code = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64"}[arr.dtype]
        b = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": code, "shape": list(arr.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
