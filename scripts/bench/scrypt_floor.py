"""Times one scrypt derivation with given parameters, for the key-generation floor.

The floor must time the scrypt qube itself runs: libsodium's
crypto_pwhash_scryptsalsa208sha256_ll from the very shared library the qube
binary links (found with ldd). PyNaCl's bundled libsodium and Python's
hashlib.scrypt (OpenSSL) are timed too, for reference.

Usage: scrypt_floor.py QUBE_BINARY N R P [REPEATS]
Prints one JSON object: seconds per derivation (median of REPEATS) per implementation, and
for the linked libsodium also the wall time of one derivation per core run at once (threads:
ctypes releases the GIL), which shows what sharing memory bandwidth and cache costs.
"""

import ctypes
import hashlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time


def linked_libsodium(binary):
    """The path of the libsodium the binary loads, from ldd."""
    out = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "libsodium" in line and "=>" in line:
            return line.split("=>")[1].split("(")[0].strip()
    sys.exit(f"scrypt_floor: {binary} does not link libsodium dynamically")


def median_seconds(derive, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        derive()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    binary, n, r, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    password, salt = b"bench password", os.urandom(32)

    path = linked_libsodium(binary)
    sodium = ctypes.CDLL(path)
    if sodium.sodium_init() < 0:
        sys.exit("scrypt_floor: sodium_init failed")
    ll = sodium.crypto_pwhash_scryptsalsa208sha256_ll
    ll.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
                   ctypes.c_uint64, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t]
    ll.restype = ctypes.c_int

    def system_libsodium():
        out = ctypes.create_string_buffer(32)
        if ll(password, len(password), salt, len(salt), n, r, p, out, 32) != 0:
            sys.exit("scrypt_floor: libsodium scrypt failed")

    def on_every_core():
        threads = [threading.Thread(target=system_libsodium) for _ in range(len(os.sched_getaffinity(0)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    result = {"libsodium": path, "system_libsodium": median_seconds(system_libsodium, repeats),
              "system_libsodium_all_cores": median_seconds(on_every_core, repeats)}

    try:
        import nacl.bindings
        result["pynacl"] = median_seconds(
            lambda: nacl.bindings.crypto_pwhash_scryptsalsa208sha256_ll(
                password, salt, n, r, p, dklen=32, maxmem=2 * 128 * r * n + (1 << 20)),
            repeats)
    except ImportError:
        pass
    result["hashlib"] = median_seconds(
        lambda: hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=32, maxmem=2 * 128 * r * n * p + (1 << 20)),
        repeats)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
