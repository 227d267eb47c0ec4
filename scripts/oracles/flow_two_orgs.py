"""Independent check of a two-organisation exchange (examples/two-orgs.lua, org-a.lua + org-b.lua).

usage: flow_two_orgs.py DIR A B A_HOST A_P2P A_TM B_HOST B_P2P B_TM
  DIR holds keys/ and out/ of one run; A and B are the network names; *_HOST, *_P2P and *_TM
  are each side's exposed address and first devp2p and Tessera NodePorts (nodes in name order
  count up from them).

Checks, deriving every expected value from the private keys with eth-keys:
  - B's genesis is byte-identical to A's, and its extraData validators are A's nodes;
  - B's static-nodes.json and permissioned-nodes.json hold A's enodes at A's exposed
    host:ports, and A's hold B's; Tessera peers cross over the same way;
  - every external_nodes file in DIR loads with PyYAML (no qube code), names the right node
    ids, addresses and host:ports, and PyYAML's own dump of it is written to
    DIR/<file>.pyyaml for the caller to read back with qube.
Exit status 1 on any mismatch.
"""
import json
import pathlib
import re
import sys

import yaml
from eth_keys import keys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from chain_extradata import extra_validators  # noqa: E402

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def node_facts(key_dir):
    """(name, node id hex, checksummed address) of every node directory, in name order."""
    facts = []
    for node in sorted(p for p in key_dir.iterdir() if p.is_dir()):
        key = keys.PrivateKey(bytes.fromhex(node.joinpath("nodekey").read_text().strip()))
        facts.append((node.name, key.public_key.to_bytes().hex(), key.public_key.to_checksum_address()))
    return facts


def exposed(facts, host, p2p, tm, scheme):
    """The enode URLs and Tessera URLs others dial for these nodes."""
    enodes = [f"enode://{node_id}@{host}:{p2p + i}" for i, (_, node_id, _) in enumerate(facts)]
    tessera = [f"{scheme}://{host}:{tm + i}" for i in range(len(facts))]
    return enodes, tessera


def peer_urls(out):
    urls = set()
    for config in sorted(out.joinpath("tessera").glob("*.json")):
        peers = [peer["url"] for peer in json.loads(config.read_text())["peer"]]
        urls.add(tuple(peers))
    expect(len(urls) == 1, f"{out}: the Tessera configs disagree on their peers")
    return set(next(iter(urls))) if urls else set()


def enodes_without_query(path):
    return {url.split("?")[0] for url in json.loads(path.read_text())}


def check_lists(out, enodes, tessera, label):
    for name in ("static-nodes.json", "permissioned-nodes.json"):
        listed = enodes_without_query(out / name)
        missing = [e for e in enodes if e not in listed]
        expect(not missing, f"{out / name}: lacks {label}'s exposed enodes {missing}")
    peers = peer_urls(out)
    missing = [t for t in tessera if t not in peers]
    expect(not missing, f"{out}/tessera: lacks {label}'s Tessera peers {missing}")


def check_advertised(out, facts, tessera, label):
    """Each of label's nodes advertises, as its Tessera P2P serverAddress, the URL the other side
    dials (Tessera stores a peer's keys against the URL the peer advertises), bound on 0.0.0.0."""
    for (name, _, _), url in zip(facts, tessera):
        config = json.loads(out.joinpath("tessera", f"{name}.json").read_text())
        p2p = [server for server in config["serverConfigs"] if server["app"] == "P2P"]
        expect(len(p2p) == 1 and p2p[0]["serverAddress"] == url,
               f"{out}/tessera/{name}.json: {label}'s node advertises {[s['serverAddress'] for s in p2p]}, not {url}")
        scheme = url.split("://")[0]
        expect(len(p2p) == 1 and p2p[0]["bindingAddress"] == f"{scheme}://0.0.0.0:9001",
               f"{out}/tessera/{name}.json: P2P is not bound to 0.0.0.0:9001")
        # https exactly when P2P serves TLS (Tessera's sslConfig tls STRICT, WHITELIST both ways).
        ssl = p2p[0].get("sslConfig", {}) if len(p2p) == 1 else {}
        expect((scheme == "https") == (ssl.get("tls") == "STRICT" and ssl.get("serverTrustMode") == "WHITELIST"
                                       and ssl.get("clientTrustMode") == "WHITELIST"),
               f"{out}/tessera/{name}.json: {scheme} P2P with sslConfig {ssl}")


def check_external_file(path, facts_by_name, advertised_by_name):
    records = yaml.safe_load(path.read_text())
    expect(isinstance(records, dict) and list(records) == ["external_nodes"], f"{path}: top level is not external_nodes")
    for record in records.get("external_nodes", []):
        expect(all(isinstance(v, str) for v in record.values()), f"{path}: {record} has a non-string value")
        name = record["Node_UserIdent"]
        match = re.fullmatch(r"enode://([0-9a-f]{128})@([^:]+):(\d+)\?discport=0&raftport=50401", record["Enode_Url"])
        expect(match is not None, f"{path}: {name}: Enode_Url {record['Enode_Url']!r} is malformed")
        facts = facts_by_name.get(name)
        expect(facts is not None, f"{path}: {name} is not a node of the exporting network")
        if match and facts:
            expect(match.group(1) == facts[0], f"{path}: {name}: node id does not match its nodekey")
            expect(record["Node_Acct_Addr"] == facts[1], f"{path}: {name}: Node_Acct_Addr is not its nodekey's address")
        url = record.get("Tm_Url", "")
        expect(url.startswith("https://") == (re.fullmatch(r"[0-9a-f]{40}", record.get("Tm_Tls_Fingerprint", "")) is not None),
               f"{path}: {name}: an https:// Tm_Url comes with a Tm_Tls_Fingerprint, and only then")
        expect("Tm_Url" in record and advertised_by_name.get(name) == (url if url.startswith("https://") else "http://" + url),
               f"{path}: {name}: Tm_Url {record.get('Tm_Url')!r} is not what the node advertises ({advertised_by_name.get(name)})")
        expect(record.get("Istanbul_Block_Period") == "1", f"{path}: {name}: Istanbul_Block_Period is not the chain's period 1")
    path.with_name(path.name + ".pyyaml").write_text(yaml.safe_dump(records, default_flow_style=False, sort_keys=True))
    print(f"ok {path.name}: {len(records.get('external_nodes', []))} records read by PyYAML")


def main(argv):
    directory = pathlib.Path(argv[0])
    a, b = argv[1], argv[2]
    a_host, a_p2p, a_tm, b_host, b_p2p, b_tm = argv[3], int(argv[4]), int(argv[5]), argv[6], int(argv[7]), int(argv[8])
    a_facts, b_facts = node_facts(directory / "keys" / a), node_facts(directory / "keys" / b)
    a_out, b_out = directory / "out" / a, directory / "out" / b

    genesis = a_out.joinpath("genesis.json").read_bytes()
    expect(b_out.joinpath("genesis.json").read_bytes() == genesis, f"{b_out}/genesis.json is not byte-identical to {a_out}/genesis.json")
    validators = extra_validators(json.loads(genesis))
    expect(sorted(validators) == sorted(addr.lower() for _, _, addr in a_facts),
           f"{a_out}/genesis.json: validators {validators} are not {a}'s nodes")

    # A network whose genKeys made Tessera TLS certificates serves P2P over https.
    scheme = lambda net: "https" if any((directory / "keys" / net).glob("*/tm-tls.crt")) else "http"
    a_enodes, a_tessera = exposed(a_facts, a_host, a_p2p, a_tm, scheme(a))
    b_enodes, b_tessera = exposed(b_facts, b_host, b_p2p, b_tm, scheme(b))
    check_lists(b_out, a_enodes, a_tessera, a)
    check_lists(a_out, b_enodes, b_tessera, b)
    check_advertised(a_out, a_facts, a_tessera, a)
    check_advertised(b_out, b_facts, b_tessera, b)
    advertised = {}
    for out in (a_out, b_out):
        for config in out.joinpath("tessera").glob("*.json"):
            servers = json.loads(config.read_text())["serverConfigs"]
            advertised[config.stem] = next(s["serverAddress"] for s in servers if s["app"] == "P2P")

    facts = {name: (node_id, address) for name, node_id, address in a_facts + b_facts}
    for path in sorted(directory.glob("*.external.yaml")):
        check_external_file(path, facts, advertised)

    for problem in failures:
        print("FAIL " + problem, file=sys.stderr)
    if not failures:
        print(f"ok {directory}: {a} and {b} share one genesis and peer with each other's exposed nodes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
