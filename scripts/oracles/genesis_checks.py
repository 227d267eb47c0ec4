#!/usr/bin/env python3
"""Re-implements, per GoQuorum release, what `geth init` and geth's start do with a genesis.json.

    genesis_checks.py GENESIS --release 24.4.1 [--argv COMMANDS.json]
    genesis_checks.py --tree out/<network> [...]
    genesis_checks.py --self-test
    genesis_checks.py --releases

Exits 1 and prints every reason when the release rejects the genesis (`geth init` fatal), starts
with a deprecation warning, or silently ignores a key the genesis sets (so the chain is not what
the file says). COMMANDS.json is a rendered commands file ({"geth": [argv...]}) or a JSON list:
with it the consensus flags are checked too (raft, `--istanbul.blockperiod`). --tree checks a
rendered tree: its genesis.json against the release in its releases.json, with the geth argv of
every node's StatefulSet (k8s/nodes/*.yaml, the `quorum` container). --releases lists the
releases this oracle knows.

Read from the source of each tag (an independent reading: not a port of qube's Swift):

- v2.7.0 @6005360c90b636ba0fdc5a18ab308b3df2aa289f, v20.10.0 @af7525189f2cee801ef6673d438b8577c8c5aa34,
  v21.4.2 @1d7926a19a1e7093d11ef996e6d66da3dda79eed (ConsenSys/quorum, read with git show):
  * cmd/geth/chaincmd.go initGenesis: json.Decode into core.Genesis (encoding/json: unknown keys
    ignored, keys matched case-insensitively), then CheckMaxCodeConfigData, fatal on error.
  * params/config.go CheckMaxCodeConfigData (v2.7.0:492, v20.10.0:495, v21.4.2:538): error when
    maxCodeSize != 0 or maxCodeSizeChangeBlock >= 0; each maxCodeSizeConfig entry needs a block,
    blocks ascending, size 24..128.
  * params/config.go IsValid (v2.7.0:388), from core/genesis.go SetupGenesisBlock: txnSizeLimit
    (0 means the default 64) must be 32..128; maxCodeSize, if set, 24..128.
  * eth/backend.go CreateConsensusEngine: clique, else istanbul (epoch/policy/ceil2Nby3Block from
    genesis; block period only from --istanbul.blockperiod, consensus/istanbul/config.go
    DefaultConfig: period 1 s, request timeout 10000 ms, epoch 30000), else ethash.
  * cmd/geth/config.go:247 (v2.7.0): "Consensus not specified. Exiting!!" without --raft, clique
    or istanbul.
- v22.7.6 @28721bf9f2a66e3f77344bfe2242e7e079245229, v23.4.0 @d46eb889d0db8224322a29172a64c112e7662a0b,
  v24.4.0 @b8c9d05256a6ef9425cc9bdfc1963b27e75a82d3, v24.4.1 @8585ac91f198ad53977b5293a9dfdf366779b556
  (read through the code index; line numbers from the project's goquorum-notes.md):
  * params/config.go CheckMaxCodeConfigData (v22.7.6:719, v24.4.1:720): as above, and logs
    "config.maxCodeSizeConfig is deprecated ... please use config.transitions.contractsizelimit"
    (v22.7.6:614, v24.4.1:615) when maxCodeSizeConfig is set.
  * params/config.go CheckTransitionsData with params/quorum_errors.go: ErrBlockNumberMissing,
    ErrBlockOrder (a block lower than the previous one), ErrTransitionAlgorithm (algorithm other
    than "", ibft, qbft, case-insensitive), ErrTransition (ibft after qbft, or an ibft transition
    on a config.qbft chain), ErrTestQBFTBlockAndTransitions, ErrMaxCodeSizeConfigAndTransitions
    (a contractsizelimit with maxCodeSizeConfig), ErrContractSizeLimit (24..128 when set),
    ErrValidatorSelectionMode ("", contract, blockheader), ErrTransactionSizeLimit (32..128 when
    set), ErrBeneficiaryMode (v23.4.0+: "", list, fixed).
  * eth/ethconfig/config.go CreateConsensusEngine: clique, else istanbul with the warning "The
    attribute config.istanbul is deprecated and will be removed in the future, please use
    config.ibft on genesis file" (v24.4.1:243), else ibft, else qbft; setBFTConfig takes
    blockperiodseconds, emptyblockperiodseconds (raised to the block period when lower),
    requesttimeoutseconds (x1000 ms), epochlength, policy, ceil2Nby3Block, each only when non-zero.
  * cmd/utils/flags.go: --istanbul.blockperiod / --istanbul.requesttimeout are [Deprecated] and
    warn "use ibft.blockperiodseconds / requesttimeoutseconds on genesis file" (from v22.4.0).

The genesis keys each release reads are the lists in Tests/QubeCoreTests/Golden/chain/versions
(goquorum-genesis-keys-<tag>.txt, each naming its commit); v24.4.0 reads the v24.4.1 list
(identical key sets, goquorum-notes.md).
"""
import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEY_LISTS = ROOT / "Tests/QubeCoreTests/Golden/chain/versions"

# release -> (commit, generation). "legacy": the 2.x-21.x checks; "bft": 22.7.6 and later.
RELEASES = {
    "2.7.0": ("6005360c90b636ba0fdc5a18ab308b3df2aa289f", "legacy", "v2.7.0"),
    "20.10.0": ("af7525189f2cee801ef6673d438b8577c8c5aa34", "legacy", "v20.10.0"),
    "21.4.2": ("1d7926a19a1e7093d11ef996e6d66da3dda79eed", "legacy", "v21.4.2"),
    "22.7.6": ("28721bf9f2a66e3f77344bfe2242e7e079245229", "bft", "v22.7.6"),
    "23.4.0": ("d46eb889d0db8224322a29172a64c112e7662a0b", "bft", "v23.4.0"),
    "24.4.0": ("b8c9d05256a6ef9425cc9bdfc1963b27e75a82d3", "bft", "v24.4.1"),
    "24.4.1": ("8585ac91f198ad53977b5293a9dfdf366779b556", "bft", "v24.4.1"),
}
# beneficiaryMode arrived with v23.4.0's block rewards (goquorum-genesis-keys-v23.4.0.txt).
ENGINE_ORDER = ("clique", "istanbul", "ibft", "qbft")  # CreateConsensusEngine's order


class Report:
    def __init__(self):
        self.errors = []    # geth init or start exits
        self.warnings = []  # deprecation warnings geth logs
        self.ignored = []   # keys the release does not read

    def all(self):
        return ([f"rejected: {e}" for e in self.errors] + [f"warns: {w}" for w in self.warnings]
                + [f"ignored: {i}" for i in self.ignored])


def lowered(obj):
    """An object's members as encoding/json matches them: case-insensitively (the last one wins)."""
    return {k.lower(): v for k, v in obj.items()} if isinstance(obj, dict) else {}


def known_keys(listing):
    keys = set()
    for line in (KEY_LISTS / f"goquorum-genesis-keys-{listing}.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            keys.add(line.lower())
    return keys


def walk_config(value, path, keys, report):
    """Reports every member under `config` the release's structs do not have."""
    if isinstance(value, dict):
        for key, child in value.items():
            # transitions[].miner.gaslimit is a literal key with a dot (goquorum-notes.md).
            sub = f"{path}.{key}"
            if sub.lower() not in keys and (sub + "[]").lower() not in keys:
                report.ignored.append(f"{sub} is not a genesis key of this release")
                continue
            walk_config(child, sub, keys, report)
    elif isinstance(value, list):
        for child in value:
            walk_config(child, path + "[]", keys, report)


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def integer(obj, key, name, report, default=None):
    """A member decoded into a Go integer or *big.Int: a JSON integer, else a decoding error."""
    value = obj.get(key)
    if value is None:
        return default
    if not is_int(value):
        report.errors.append(f"invalid genesis file: {name}: {value!r} is not an integer")
        return default
    return value


def ascending(entries, name, report, missing, unordered, prefix="", first=lambda entry: None):
    """Go's loop over `{block, ...}` entries: `first` (a problem or None), then a block on each,
    blocks never lower than the one before. The lowered entries, or None at the first problem."""
    previous, result = 0, []
    for raw in entries:
        entry = lowered(raw)
        block = integer(entry, "block", f"{name}[].block", report)
        problem = first(entry) or (missing if block is None else unordered if block < previous else None)
        if problem:
            report.errors.append(prefix + problem)
            return None
        previous = block
        result.append(entry)
    return result


def check_max_code_config(config, generation, report):
    # params/config.go CheckMaxCodeConfigData, every release.
    size = integer(config, "maxcodesize", "config.maxCodeSize", report, 0)
    change = integer(config, "maxcodesizechangeblock", "config.maxCodeSizeChangeBlock", report)
    if size != 0 or (change is not None and change >= 0):
        report.errors.append("maxCodeSize data invalid: maxCodeSize & maxCodeSizeChangeBlock deprecated. "
                             "Consider using maxCodeSizeConfig")
        return
    entries = config.get("maxcodesizeconfig") or []
    if not isinstance(entries, list):
        report.errors.append("invalid genesis file: config.maxCodeSizeConfig is not an array")
        return
    def size_problem(entry):
        size = integer(entry, "size", "maxCodeSizeConfig[].size", report, 0)
        return "Genesis max code size must be between 24 and 128" if size < 24 or size > 128 else None
    ascending(entries, "maxCodeSizeConfig", report, prefix="maxCodeSize data invalid: ", first=size_problem,
              missing="Block number not given in maxCodeSizeConfig data",
              unordered="invalid maxCodeSize detail, block order has to be ascending")
    if entries and generation == "bft":
        report.warnings.append("config.maxCodeSizeConfig is deprecated, please use config.transitions.contractsizelimit")


def check_is_valid(config, report):
    # params/config.go IsValid via core/genesis.go SetupGenesisBlock; 0 becomes the default 64.
    limit = integer(config, "txnsizelimit", "config.txnSizeLimit", report, 0) or 64
    if limit < 32 or limit > 128:
        report.errors.append("Genesis transaction size limit must be between 32 and 128")


def check_transitions(config, release, report):
    # params/config.go CheckTransitionsData (22.7.6 and later).
    transitions = config.get("transitions") or []
    if not isinstance(transitions, list):
        report.errors.append("invalid genesis file: config.transitions is not an array")
        return
    seen_qbft = "qbft" in config
    ordered = ascending(transitions, "transitions", report, missing="block number not given in transitions data",
                        unordered="block order should be ascending")
    for entry in ordered or []:
        algorithm = str(entry.get("algorithm", "")).lower()
        if algorithm not in ("", "ibft", "qbft"):
            report.errors.append("transition algorithm is invalid, should be either `ibft` or `qbft`")
        if algorithm == "qbft":
            seen_qbft = True
        if algorithm == "ibft" and seen_qbft:
            report.errors.append("can't transition from qbft to ibft")
        if algorithm and lowered(config.get("istanbul")).get("testqbftblock") is not None:
            report.errors.append("can't use transition algorithm and testQBFTBlock at the same time")
        size = integer(entry, "contractsizelimit", "transitions[].contractsizelimit", report, 0)
        if size != 0 and config.get("maxcodesizeconfig"):
            report.errors.append("can't use transition ContractSizeLimit and MaxCodeSizeConfig at the same time")
        if size != 0 and (size < 24 or size > 128):
            report.errors.append("transition contract code size must be between 24 and 128")
        if str(entry.get("validatorselectionmode", "")).lower() not in ("", "contract", "blockheader"):
            report.errors.append("validator selection mode is invalid, should be either `contract` or `blockheader`")
        txn = integer(entry, "transactionsizelimit", "transitions[].transactionSizeLimit", report, 0)
        if txn != 0 and (txn < 32 or txn > 128):
            report.errors.append("genesis transaction size limit must be between 32 and 128")
        if release != "22.7.6" and str(entry.get("beneficiarymode", "")).lower() not in ("", "list", "fixed"):
            report.errors.append("beneficiary mode is not valid")


def check_consensus(config, generation, argv, report):
    engines = [name for name in ENGINE_ORDER if name in config]
    if generation == "legacy":
        engines = [name for name in engines if name in ("clique", "istanbul")]  # others are not read
    flags = {arg.split("=", 1)[0].lstrip("-") for arg in argv or [] if arg.startswith("-")}
    if "raft" in flags:
        if engines:
            report.errors.append(f"--raft with a config.{engines[0]} section: two consensus engines")
        return
    transition_engine = generation == "bft" and any(
        str(lowered(t).get("algorithm", "")).lower() in ("ibft", "qbft") and lowered(t).get("block") == 0
        for t in config.get("transitions") or [])
    if not engines and not transition_engine:
        if argv is not None:
            report.errors.append("Consensus not specified. Exiting!! (no --raft and no consensus section)")
        return
    if len(engines) > 1:
        report.errors.append(f"sections {', '.join(engines)}: geth runs config.{engines[0]} and ignores the others")
    engine = engines[0] if engines else None
    if engine == "istanbul" and generation == "bft":
        report.warnings.append("The attribute config.istanbul is deprecated and will be removed in the future, "
                               "please use config.ibft on genesis file")
    if engine in ("ibft", "qbft"):
        section = lowered(config[engine])
        for key in ("blockperiodseconds", "emptyblockperiodseconds", "requesttimeoutseconds", "epochlength", "policy"):
            value = integer(section, key, f"config.{engine}.{key}", report, 0)
            if value < 0:
                report.errors.append(f"invalid genesis file: config.{engine}.{key} is negative")
        if integer(section, "blockperiodseconds", "", report, 0) == 0:
            report.warnings.append(f"config.{engine}.blockperiodseconds is not set: the period is the default 1 s")
        mode = str(section.get("validatorselectionmode", "")).lower()
        if mode not in ("", "contract", "blockheader"):
            report.errors.append("validator selection mode is invalid, should be either `contract` or `blockheader`")
    if argv is not None and generation == "bft":
        for flag in ("istanbul.blockperiod", "istanbul.requesttimeout"):
            if flag in flags:
                report.warnings.append(f"--{flag} is deprecated: use ibft.blockperiodseconds / "
                                       "requesttimeoutseconds on genesis file")


def check(genesis, release, argv=None):
    """Every reason `release` rejects, warns about or ignores part of `genesis` (parsed JSON)."""
    _, generation, listing = RELEASES[release]
    report = Report()
    if not isinstance(genesis, dict) or not isinstance(lowered(genesis).get("config"), dict):
        report.errors.append("invalid genesis file: no config object")
        return report
    raw_config = lowered(genesis)["config"]
    walk_config(raw_config, "config", known_keys(listing), report)
    config = lowered(raw_config)
    check_is_valid(config, report)
    check_max_code_config(config, generation, report)
    if generation == "bft":
        check_transitions(config, release, report)
    check_consensus(config, generation, argv, report)
    return report


def argv_of(path):
    data = json.loads(pathlib.Path(path).read_text())
    return data["geth"] if isinstance(data, dict) else data


def tree_argvs(tree):
    """The image and geth argv of each node's quorum container in a rendered tree, by manifest file."""
    import shlex
    import yaml  # PyYAML, pinned in scripts/requirements.txt
    result = {}
    for manifest in sorted((tree / "k8s/nodes").glob("*.yaml")):
        for document in yaml.safe_load_all(manifest.read_text()):
            if not document or document.get("kind") != "StatefulSet":
                continue
            for container in document["spec"]["template"]["spec"]["containers"]:
                if container["name"] != "quorum":
                    continue
                argv = list(container.get("command", [])) + list(container.get("args", []))
                if len(argv) >= 3 and argv[0].endswith("sh") and argv[1] == "-c":
                    # A wrapper script: the geth run is the invocation of geth with --datadir.
                    words = shlex.split(argv[2])
                    starts = [i for i, w in enumerate(words) if w == "geth" and words[i + 1:i + 2] == ["--datadir"]
                              and "init" not in words[i:i + 4]]
                    argv = words[starts[-1]:] if starts else argv
                result[manifest.name] = (container.get("image", ""), argv)
    return result


def check_tree(tree):
    """Checks a tree's genesis against the release its pods run: the quorum image's tag."""
    tree = pathlib.Path(tree)
    genesis = json.loads((tree / "genesis.json").read_text())
    argvs = tree_argvs(tree)
    if not argvs:
        return [f"{tree}: no node StatefulSet with a quorum container"]
    images = {image for image, _ in argvs.values()}
    release = next(iter(images)).rpartition(":")[2]
    if len(images) != 1 or release not in RELEASES:
        return [f"{tree}: quorum images {sorted(images)}: not one release this oracle knows"]
    record = tree / "releases.json"
    if record.exists() and json.loads(record.read_text()).get("quorum") != release:
        return [f"{tree}: releases.json disagrees with the quorum image {release}"]
    problems = []
    for manifest, (_, argv) in argvs.items():
        for reason in check(genesis, release, argv).all():
            problems.append(f"{tree}/genesis.json with k8s/nodes/{manifest}: GoQuorum {release}: {reason}")
    if not problems:
        print(f"ok {tree}: GoQuorum {release} (@{RELEASES[release][0][:12]}), {len(argvs)} nodes")
    return problems


def self_test():
    """The checks catch what each release really rejects or warns about."""
    def genesis(**config):
        base = {"chainId": 10, "isQuorum": True, "txnSizeLimit": 64}
        base.update(config)
        return {"config": base, "alloc": {}, "difficulty": "0x1", "gasLimit": "0x1", "extraData": "0x"}
    legacy_ok = genesis(istanbul={"epoch": 30000, "policy": 0, "ceil2Nby3Block": 0},
                        maxCodeSizeConfig=[{"block": 0, "size": 64}])
    bft = {"epochlength": 30000, "blockperiodseconds": 5, "requesttimeoutseconds": 10, "policy": 0, "ceil2Nby3Block": 0}
    current_ok = genesis(ibft=bft, transitions=[{"block": 0, "contractsizelimit": 64}])
    istanbul_argv = ["geth", "--istanbul.blockperiod", "5", "--mine"]
    cases = [
        (legacy_ok, "2.7.0", istanbul_argv, None),
        (current_ok, "24.4.1", ["geth", "--mine"], None),
        (genesis(qbft=bft, transitions=[{"block": 0, "contractsizelimit": 64}]), "22.7.6", ["geth"], None),
        (genesis(maxCodeSize=64, istanbul={}), "2.7.0", istanbul_argv, "maxCodeSize & maxCodeSizeChangeBlock deprecated"),
        (genesis(maxCodeSize=64, ibft=bft), "24.4.1", ["geth"], "maxCodeSize & maxCodeSizeChangeBlock deprecated"),
        (legacy_ok, "24.4.1", istanbul_argv, "config.istanbul is deprecated"),
        (legacy_ok, "23.4.0", istanbul_argv, "config.maxCodeSizeConfig is deprecated"),
        (current_ok, "24.4.1", ["geth", "--istanbul.blockperiod", "5"], "--istanbul.blockperiod is deprecated"),
        (current_ok, "2.7.0", ["geth"], "config.ibft is not a genesis key"),
        (genesis(ibft=bft, transitions=[{"block": 0, "contractsizelimit": 200}]), "24.4.0", None, "between 24 and 128"),
        (genesis(ibft=bft, maxCodeSizeConfig=[{"block": 0, "size": 64}], transitions=[{"block": 0, "contractsizelimit": 64}]),
         "24.4.1", None, "ContractSizeLimit and MaxCodeSizeConfig"),
        (genesis(qbft=bft, transitions=[{"block": 5, "algorithm": "ibft"}]), "24.4.1", None, "from qbft to ibft"),
        (genesis(ibft=bft, transitions=[{"block": 5}, {"block": 2}]), "24.4.1", None, "ascending"),
        (genesis(istanbul={}, maxCodeSizeConfig=[{"block": 0, "size": 12}]), "20.10.0", istanbul_argv, "between 24 and 128"),
        (genesis(), "21.4.2", ["geth", "--mine"], "Consensus not specified"),
        (genesis(txnSizeLimit=300, clique={"period": 1, "epoch": 30000}), "2.7.0", ["geth"], "transaction size limit"),
    ]
    failures = 0
    for number, (data, release, argv, expected) in enumerate(cases):
        reasons = check(data, release, argv).all()
        if expected is None and reasons:
            print(f"self-test {number}: expected {release} to accept, got {reasons}", file=sys.stderr)
            failures += 1
        elif expected is not None and not any(expected in reason for reason in reasons):
            print(f"self-test {number}: expected {release} to report {expected!r}, got {reasons}", file=sys.stderr)
            failures += 1
    if failures:
        sys.exit(1)
    print(f"ok self-test: {len(cases)} cases")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("genesis", nargs="?")
    parser.add_argument("--release", choices=sorted(RELEASES))
    parser.add_argument("--argv", help="a rendered commands JSON file ({\"geth\": [...]}) or a JSON list")
    parser.add_argument("--tree", action="append", default=[], help="a rendered tree out/<network>")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--releases", action="store_true")
    args = parser.parse_args()
    if args.releases:
        print("\n".join(RELEASES))
        return
    if args.self_test:
        self_test()
    if args.tree:
        problems = [p for tree in args.tree for p in check_tree(tree)]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            sys.exit(1)
    if (args.self_test or args.tree) and not args.genesis:
        return
    if not args.genesis or not args.release:
        parser.error("GENESIS and --release are required")
    try:
        genesis = json.loads(pathlib.Path(args.genesis).read_text())
    except (OSError, ValueError) as error:
        sys.exit(f"{args.genesis}: invalid genesis file: {error}")
    reasons = check(genesis, args.release, argv_of(args.argv) if args.argv else None).all()
    if reasons:
        for reason in reasons:
            print(f"{args.genesis}: GoQuorum {args.release}: {reason}", file=sys.stderr)
        sys.exit(1)
    print(f"ok {args.genesis}: GoQuorum {args.release} (@{RELEASES[args.release][0][:12]})")


if __name__ == "__main__":
    main()
