"""Independent check of genesis extraData: decodes it with PyPI `rlp` (strict) and compares the
validators with addresses derived from node keys by `eth-keys` (or, for clique, from account
keystores decrypted by `eth-account`).

usage: chain_extradata.py GENESIS:EXPECTED [...]
  EXPECTED is a file of hex nodekeys, one per line, in extraData order, or a key directory
  (keys/<network>) whose */nodekey (clique: */acctkeyfile.json + */password.txt) give the
  validator set, compared without order.
  --self-test GENESIS:EXPECTED  also proves the check fails on a tampered copy.
Exit status 1 on any mismatch.
"""
import json
import pathlib
import sys

import rlp
from eth_account import Account
from eth_keys import keys

ZERO_VANITY = b"\0" * 32
ZERO_SEAL = b"\0" * 65


def consensus_of(genesis):
    config = {k.lower(): v for k, v in genesis["config"].items()}
    for key, name in (("qbft", "qbft"), ("istanbul", "istanbul"), ("ibft", "istanbul"), ("clique", "clique")):
        if key in config:
            return name
    return "raft"


def extra_validators(genesis):
    """The validators of the extraData, as lowercase 0x addresses, in order."""
    extra = bytes.fromhex(genesis["extraData"][2:])
    consensus = consensus_of(genesis)
    if consensus == "qbft":
        vanity, validators, vote, round_, seals = rlp.decode(extra, strict=True)
        assert vanity == ZERO_VANITY, "qbft vanity is not 32 zero bytes"
        assert vote == [] and round_ == b"" and seals == [], "qbft genesis vote/round/seals not empty"
    elif consensus == "istanbul":
        assert extra[:32] == ZERO_VANITY, "istanbul vanity is not 32 zero bytes"
        validators, seal, committed = rlp.decode(extra[32:], strict=True)
        assert seal == ZERO_SEAL and committed == [], "istanbul seal/committed seals not as genesis tooling writes them"
    elif consensus == "clique":
        assert extra[:32] == ZERO_VANITY and extra[-65:] == ZERO_SEAL, "clique vanity or seal not zero"
        body = extra[32:-65]
        assert len(body) % 20 == 0, "clique signers are not 20-byte addresses"
        validators = [body[i:i + 20] for i in range(0, len(body), 20)]
    else:
        assert extra == ZERO_VANITY, "raft extraData is not 32 zero bytes"
        validators = []
    assert all(isinstance(v, bytes) and len(v) == 20 for v in validators), "a validator is not 20 bytes"
    return ["0x" + v.hex() for v in validators]


def address_of_nodekey(hex_key):
    return keys.PrivateKey(bytes.fromhex(hex_key.strip())).public_key.to_checksum_address().lower()


def expected_validators(expected, consensus):
    """(addresses, ordered) from a nodekeys file or a key directory."""
    path = pathlib.Path(expected)
    if path.is_file():
        return [address_of_nodekey(line) for line in path.read_text().split() if line], True
    addresses = []
    for node in sorted(p for p in path.iterdir() if p.is_dir()):
        if consensus == "clique":
            keystore = json.loads((node / "acctkeyfile.json").read_text())
            password = (node / "password.txt").read_text()
            key = Account.decrypt(keystore, password)
            addresses.append(Account.from_key(key).address.lower())
        elif (node / "nodekey").exists():
            addresses.append(address_of_nodekey((node / "nodekey").read_text()))
    return addresses, False


def check(genesis_bytes, expected, label):
    genesis = json.loads(genesis_bytes)
    consensus = consensus_of(genesis)
    try:
        found = extra_validators(genesis)
    except Exception as error:  # any decoding failure is a failed check
        return f"{label}: extraData does not decode for {consensus}: {error!r}"
    wanted, ordered = expected_validators(expected, consensus)
    if (found if ordered else sorted(found)) != (wanted if ordered else sorted(wanted)):
        return f"{label}: {consensus} extraData names {found}, expected {wanted}"
    print(f"ok {label}: {consensus}, {len(found)} validator(s)")
    return None


def main(argv):
    failures = []
    self_test = False
    for arg in argv:
        if arg == "--self-test":
            self_test = True
            continue
        genesis_path, _, expected = arg.rpartition(":")
        data = pathlib.Path(genesis_path).read_bytes()
        problem = check(data, expected, genesis_path)
        if problem:
            failures.append(problem)
        if self_test:
            self_test = False
            genesis = json.loads(data)
            validators = extra_validators(genesis) if problem is None else []
            if not validators:
                failures.append(f"{genesis_path}: --self-test needs a decodable genesis with validators")
                continue
            # Change the last hex digit of the first validator address.
            first = validators[0][2:]
            genesis["extraData"] = genesis["extraData"].replace(first, first[:-1] + ("1" if first[-1] == "0" else "0"), 1)
            if check(json.dumps(genesis).encode(), expected, genesis_path + " (tampered)") is None:
                failures.append(f"{genesis_path}: self-test: a tampered validator was not detected")
            else:
                print(f"ok {genesis_path}: a tampered validator is detected")
    for problem in failures:
        print("FAIL " + problem, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
