#!/usr/bin/python3
"""Expands a PocketSphinx sendump (8-bit quantised mixture weights) into a SphinxTrain mixture_weights file.

bw and map_adapt need mixture_weights; Debian's en-us model ships only the quantised sendump. Each byte b stands for
the weight 1.0001 ** -(b << mixw_shift); the weights are renormalised per senone and stream.
usage: sendump2mixw.py SENDUMP MIXTURE_WEIGHTS
"""
import struct
import sys

import numpy as np


def read_sendump(path):
    with open(path, "rb") as f:
        def string():
            n = struct.unpack("<I", f.read(4))[0]
            return None if n == 0 else f.read(n)[:-1].decode("ascii", "replace")

        string()  # title
        header = {}
        while (line := string()) is not None:
            parts = line.split()
            if len(parts) == 2 and parts[1].lstrip("-").isdigit():
                header[parts[0]] = int(parts[1])
        if header.get("cluster_count", 0) != 0:
            raise SystemExit("clustered sendump files are not supported")
        shift = header.get("mixw_shift", 10)
        features = header["feature_count"]
        densities, senones = struct.unpack("<II", f.read(8))
        raw = np.frombuffer(f.read(features * densities * senones), dtype=np.uint8)
        if raw.size != features * densities * senones:
            raise SystemExit("sendump is shorter than its header says")
    logs = raw.reshape(features, densities, senones).astype(np.float64) * (1 << shift)
    weights = np.power(1.0001, -logs).transpose(2, 0, 1)  # senone, feature, density
    return weights / weights.sum(axis=2, keepdims=True)


def write_mixw(path, weights):
    senones, features, densities = weights.shape
    with open(path, "wb") as f:
        header = b"s3\nversion 1.0\n"
        pad = (4 - (len(header) + len(b"endhdr\n")) % 4) % 4
        f.write(header + b" " * pad + b"endhdr\n")
        f.write(struct.pack("<i", 0x11223344))
        f.write(struct.pack("<IIII", senones, features, densities, weights.size))
        f.write(weights.astype("<f4").tobytes())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    mixw = read_sendump(sys.argv[1])
    write_mixw(sys.argv[2], mixw)
    print(f"{sys.argv[2]}: {mixw.shape[0]} senones, {mixw.shape[1]} streams, {mixw.shape[2]} densities")
