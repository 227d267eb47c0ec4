#!/usr/bin/env python3
"""The search of scripts/checks/82-secrets-audit.sh, after it has run every example.

Usage: secrets_audit.py WORK   (WORK holds examples/ with keys/ and out/, logs/, record/)

Derives every secret from the key stores under WORK/examples/keys with independent code
(nodekeys, account private keys from the decrypted keystores, non-empty passwords, Tessera
private keys, unlocked or argon2sbox, and their passwords, Tessera TLS RSA keys: the private
exponent and primes read from the PKCS#8 DER by the small reader below, and the PEM lines that
carry them) and looks for each, raw, upper- and
lower-case, 0x-prefixed and Base64-encoded, in every file under WORK except the key store,
k8s/secrets.yaml, kubectl's recorded stdin and the stdlib copy. Also checks that key files and
secrets.yaml are 0600 and that no ConfigMap carries a key file. A canary secret planted in a
log shows the search finds what it looks for. Exits 1 on any finding.
"""
import base64, binascii, json, os, stat, sys
from concurrent.futures import ProcessPoolExecutor

import nacl.public, nacl.secret
from argon2.low_level import Type, hash_secret_raw
from eth_account import Account

def first_line(path):
    return open(path, "rb").read().decode().split("\n", 1)[0].rstrip("\r")


def tessera_private(directory):
    key = json.load(open(os.path.join(directory, "tm.key")))["data"]
    if "bytes" in key:
        return base64.b64decode(key["bytes"])
    options = key["aopts"]
    password = first_line(os.path.join(directory, "tm.password")).encode()
    derived = hash_secret_raw(password, base64.b64decode(key["asalt"]), options["iterations"], options["memory"],
                              options["parallelism"], 32, {"i": Type.I, "id": Type.ID}[options["variant"]], version=19)
    return nacl.secret.SecretBox(derived).decrypt(base64.b64decode(key["sbox"]), base64.b64decode(key["snonce"]))


def der_items(data):
    """The (tag, content) items of one DER level."""
    items, at = [], 0
    while at < len(data):
        tag, length = data[at], data[at + 1]
        at += 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(data[at:at + count], "big")
            at += count
        items.append((tag, data[at:at + length]))
        at += length
    return items


def tls_private(path):
    """The secrets of a PKCS#8 RSA key file: d, p, q as hex, and the PEM lines after the modulus."""
    lines = [l for l in open(path).read().splitlines() if l and not l.startswith("-----")]
    (tag, info), = der_items(base64.b64decode("".join(lines)))
    version, algorithm, key = der_items(info)[:3]
    if tag != 0x30 or key[0] != 0x04 or b"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01" not in algorithm[1]:
        raise SystemExit("%s is not a PKCS#8 RSA key" % path)
    (_, rsa), = der_items(key[1])
    numbers = [content for tag, content in der_items(rsa)]
    d, p, q = (binascii.hexlify(n.lstrip(b"\0")).decode() for n in numbers[3:6])
    return [("TLS private exponent", d), ("TLS prime p", p), ("TLS prime q", q)] + \
        [("TLS key PEM line", line) for line in lines[8:-1]]


def node_secrets(directory):
    """Every secret of one key directory, each as (what, bytes or text)."""
    found = []
    nodekey = open(os.path.join(directory, "nodekey")).read().strip()
    found.append(("nodekey", nodekey))
    password = first_line(os.path.join(directory, "password.txt"))
    account = Account.decrypt(json.load(open(os.path.join(directory, "acctkeyfile.json"))), password)
    found.append(("account key", account.hex().removeprefix("0x")))
    if password:
        found.append(("password.txt", password))
    if os.path.exists(os.path.join(directory, "tm.key")):
        found.append(("Tessera private key", base64.b64encode(tessera_private(directory)).decode()))
        if os.path.exists(os.path.join(directory, "tm.password")):
            found.append(("tm.password", first_line(os.path.join(directory, "tm.password"))))
    if os.path.exists(os.path.join(directory, "tm-tls.key")):
        found += tls_private(os.path.join(directory, "tm-tls.key"))
    return directory, found


def forms(secret):
    """The spellings a leak could take: as is, upper/lower case, 0x-prefixed, Base64 of the text and of the bytes."""
    spelled = {secret, secret.upper(), secret.lower(), "0x" + secret.lower(), base64.b64encode(secret.encode()).decode()}
    try:
        spelled.add(base64.b64encode(binascii.unhexlify(secret)).decode())
    except (binascii.Error, ValueError):
        pass
    return [s for s in spelled if len(s) >= 16]


def main():
    work = sys.argv[1]
    examples = os.path.join(work, "examples")
    failures = []
    directories = []
    for root, dirs, files in os.walk(os.path.join(examples, "keys")):
        if "nodekey" in files:
            directories.append(root)
        for name in files:
            mode = stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode)
            if mode != 0o600:
                failures.append("%s is %o, not 600" % (os.path.relpath(os.path.join(root, name), work), mode))
    with ProcessPoolExecutor() as pool:
        secrets = [(os.path.relpath(d, examples), what, s) for d, found in pool.map(node_secrets, directories) for what, s in found]
    print("secrets audit: %d secrets from %d key directories" % (len(secrets), len(directories)))
    if len(directories) < 10 or not any(what == "Tessera private key" for _, what, _ in secrets):
        failures.append("the audit found too few key directories or no Tessera key: it would prove nothing")
    if not any(what == "TLS private exponent" for _, what, _ in secrets):
        failures.append("the audit found no Tessera TLS key: it would prove nothing about them")

    allowed = lambda rel: rel.startswith("examples/keys/") or (rel.startswith("examples/out/") and rel.endswith("/k8s/secrets.yaml")) \
        or rel.startswith("record/stdin-") or rel.startswith("stdlib/")
    searched = []
    for root, dirs, files in os.walk(work):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, work)
            if rel.endswith("/k8s/secrets.yaml"):
                mode = stat.S_IMODE(os.stat(path).st_mode)
                if mode != 0o600:
                    failures.append("%s is %o, not 600" % (rel, mode))
            if not allowed(rel):
                searched.append((rel, open(path, "rb").read()))
    # A canary: one secret planted in a log, so the search is shown to find what it looks for.
    canary_node, canary_what, canary_secret = secrets[0]
    searched.append(("canary.log", b"debug: " + base64.b64encode(canary_secret.encode()) + b"\n"))
    for node, what, secret in secrets:
        for spelling in forms(secret):
            for rel, data in searched:
                if spelling.encode() in data:
                    failures.append("the %s of %s appears in %s" % (what, node, rel))

    # A ConfigMap carries no key file: no Secret-only key names in configmaps.yaml.
    for root, dirs, files in os.walk(os.path.join(examples, "out")):
        if "configmaps.yaml" in files:
            text = open(os.path.join(root, "configmaps.yaml")).read()
            for key in ("nodekey:", "acctkeyfile.json:", "password.txt:", "tm.key:", "tm.password:", "tm-tls.key:"):
                if key in text:
                    failures.append("%s holds a %s entry" % (os.path.relpath(os.path.join(root, "configmaps.yaml"), work), key))

    canary = "the %s of %s appears in canary.log" % (canary_what, canary_node)
    if canary in failures:
        failures = [f for f in failures if f != canary]
    else:
        failures.append("the planted canary secret was not found: the search is broken")
    print("secrets audit: searched %d files (stdout and stderr of %d runs, the rendered trees, exchange files, "
          "kubectl argv)" % (len(searched), len(os.listdir(os.path.join(work, "logs"))) // 2))
    for failure in sorted(set(failures)):
        print("  FAIL " + failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
