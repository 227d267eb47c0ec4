#!/usr/bin/env python3
"""Writes the RLP part of each genesis file's extraData as a seed for the RLP fuzz target.

Usage: extradata_seeds.py OUT_DIR GENESIS.json...   (run by scripts/checks/85-fuzz.sh)

Seed N is the extraData of the N-th file with its `0x` and 32-byte vanity removed. Files that
are not JSON objects with a hex `extraData` (the hostile corpus holds many) give no seed.
"""
import binascii
import json
import os
import sys


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    for index, path in enumerate(paths):
        try:
            with open(path) as file:
                extra = json.load(file)["extraData"]
            seed = binascii.unhexlify(extra[2:])[32:]
        except (ValueError, KeyError, TypeError, binascii.Error):
            continue
        with open(os.path.join(out, "seed-%d" % index), "wb") as file:
            file.write(seed)


if __name__ == "__main__":
    main()
