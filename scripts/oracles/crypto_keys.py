"""Checks a qube key store with independent implementations.

Usage: crypto_keys.py KEYS_DIR [--facts FILE]
  KEYS_DIR = keys/<network>, one sub-directory per node. FILE holds, per node, the tab-separated
  facts a script printed from its node objects (name, address, accountAddress, tmPub, nodeId);
  each must equal what the reference implementations derive from the key files.

eth-keys: nodekey -> public key (enode) -> address (nodekeyaddress); eth-utils: EIP-55;
eth-account: the keystore decrypts with password.txt to a key of the file's address;
PyNaCl: tm.key -> tm.pub; argon2-cffi + PyNaCl: a locked tm.key opens with tm.password.
Also the exact file shapes and 0600/0700 permissions. Prints each check; exits 1 on any failure.
"""

import base64
import json
import os
import re
import stat
import sys

import nacl.public
import nacl.secret
from argon2.low_level import Type, hash_secret_raw
from eth_account import Account
from eth_keys import keys as eth_keys
from eth_utils import is_checksum_address, to_checksum_address

failures = []


def check(node, what, ok):
    print(f"  {'ok ' if ok else 'FAIL'} {node}: {what}")
    if not ok:
        failures.append(f"{node}: {what}")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def first_line(data):
    return data.decode().split("\n", 1)[0].rstrip("\r")


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def check_node(directory, node):
    """Checks one key directory and returns the public facts the references derive from it."""
    path = lambda name: os.path.join(directory, name)
    check(node, "directory is 0700", mode(directory) == 0o700)
    for name in sorted(os.listdir(directory)):
        check(node, f"{name} is 0600", mode(path(name)) == 0o600)

    nodekey = read(path("nodekey")).decode()
    check(node, "nodekey is 64 lowercase hex digits, no newline", re.fullmatch(r"[0-9a-f]{64}", nodekey) is not None)
    private = eth_keys.PrivateKey(bytes.fromhex(nodekey))
    enode = read(path("enode")).decode()
    check(node, "enode = eth-keys public key of nodekey (+ newline)", enode == private.public_key.to_hex()[2:] + "\n")
    address = read(path("nodekeyaddress")).decode()
    check(node, "nodekeyaddress = eth-keys address of nodekey (+ newline)",
          address == private.public_key.to_checksum_address() + "\n")
    check(node, "nodekeyaddress is EIP-55 per eth-utils",
          is_checksum_address(address.strip()) and to_checksum_address(address.strip()) == address.strip())

    keystore = json.loads(read(path("acctkeyfile.json")))
    password = first_line(read(path("password.txt")))
    account_key = Account.decrypt(keystore, password)
    check(node, f"acctkeyfile.json ({keystore['crypto']['kdf']} n={keystore['crypto']['kdfparams']['n']}) "
                "decrypts with password.txt per eth-account",
          Account.from_key(account_key).address.lower() == "0x" + keystore["address"])
    check(node, "acctkeyfile.json has geth's member order",
          list(keystore) == ["address", "crypto", "id", "version"]
          and list(keystore["crypto"]) == ["cipher", "ciphertext", "cipherparams", "kdf", "kdfparams", "mac"])

    facts = {
        "address": private.public_key.to_checksum_address(),
        "accountAddress": Account.from_key(account_key).address,
        "nodeId": private.public_key.to_hex()[2:],
    }
    if not os.path.exists(path("tm.key")):
        return facts
    tm_key = json.loads(read(path("tm.key")))
    tm_pub = read(path("tm.pub")).decode()
    check(node, "tm.pub is 44 Base64 characters, no newline", re.fullmatch(r"[A-Za-z0-9+/]{43}=", tm_pub) is not None)
    data = tm_key["data"]
    if tm_key["type"] == "unlocked":
        secret = base64.b64decode(data["bytes"])
        what = "unlocked tm.key -> tm.pub per PyNaCl"
    else:
        options = data["aopts"]
        variant = {"i": Type.I, "id": Type.ID, "d": Type.D}[options["variant"]]
        master = hash_secret_raw(
            first_line(read(path("tm.password"))).encode(), base64.b64decode(data["asalt"]),
            time_cost=options["iterations"], memory_cost=options["memory"], parallelism=options["parallelism"],
            hash_len=32, type=variant, version=19)
        secret = nacl.secret.SecretBox(master).decrypt(base64.b64decode(data["sbox"]), base64.b64decode(data["snonce"]))
        what = (f"argon2sbox tm.key (argon2{options['variant']} m={options['memory']} t={options['iterations']} "
                f"p={options['parallelism']}) opens with tm.password per argon2-cffi + PyNaCl, -> tm.pub")
    public = nacl.public.PrivateKey(secret).public_key
    check(node, what, base64.b64encode(bytes(public)).decode() == tm_pub)
    facts["tmPub"] = base64.b64encode(bytes(public)).decode()
    return facts


def check_facts(path, derived):
    """Checks the facts a script printed against the derived ones, node by node."""
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    check("script", f"printed facts for every node ({len(rows)} of {len(derived)})", sorted(r[0] for r in rows) == sorted(derived))
    for name, address, account, tm_pub, node_id in rows:
        facts = derived.get(name, {})
        for field, value in (("address", address), ("accountAddress", account), ("tmPub", tm_pub), ("nodeId", node_id)):
            check(name, f"node.{field} as the script sees it = the reference's", facts.get(field) == value)


def main():
    root = sys.argv[1]
    facts_file = sys.argv[3] if len(sys.argv) == 4 and sys.argv[2] == "--facts" else None
    nodes = sorted(n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n)))
    if not nodes:
        print(f"crypto oracles: no node directories in {root}")
        return 1
    derived = {node: check_node(os.path.join(root, node), node) for node in nodes}
    if facts_file:
        check_facts(facts_file, derived)
    if failures:
        print(f"crypto oracles: {len(failures)} check(s) failed")
        return 1
    print(f"crypto oracles: {len(nodes)} key directories agree with the reference implementations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
