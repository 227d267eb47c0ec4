"""Times what a user of PyPI eth-account runs to make COUNT scrypt keystores in one
process: Account.create() and Account.encrypt() per key.

Usage: eth_account_keygen.py COUNT N R P
eth-keyfile fixes r = 8 and p = 1; for other values (geth's light preset has p = 6) its
module constants are set so the keystores use exactly the parameters qube uses.
Prints the wall time in seconds.
"""

import secrets
import sys
import time

import eth_keyfile.keyfile
from eth_account import Account


def main():
    count, n, r, p = (int(a) for a in sys.argv[1:5])
    eth_keyfile.keyfile.SCRYPT_R = r
    eth_keyfile.keyfile.SCRYPT_P = p
    start = time.perf_counter()
    for _ in range(count):
        account = Account.create()
        keystore = Account.encrypt(account.key, secrets.token_hex(16), kdf="scrypt", iterations=n)
        params = keystore["crypto"]["kdfparams"]
        if (params["n"], params["r"], params["p"]) != (n, r, p):
            sys.exit(f"eth_account_keygen: wrote {params}, not n={n} r={r} p={p}")
    print(f"{time.perf_counter() - start:.6f}")


if __name__ == "__main__":
    main()
