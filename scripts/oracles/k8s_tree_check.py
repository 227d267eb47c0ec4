#!/usr/bin/env python3
"""Independent check of rendered trees (out/<network>/): reads them with PyYAML and verifies
what qube promises about them, without sharing any code with qube.

usage: k8s_tree_check.py [--skip-modes] TREE...

TREE is a directory holding genesis.json and k8s/kustomization.yaml. --skip-modes leaves out
the file-mode and .gitignore checks (for copies such as test goldens, which git stores 0644).
Exits 1 and lists every problem found.
"""
import base64
import os
import re
import stat
import sys

import yaml

STANDARD_LABELS = ("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by")
PEER_PORTS = {30303, 50401, 9001}
PRIVATE_FILES = ("nodekey", "acctkeyfile.json", "password.txt", "tm.key", "tm.password")
QUANTITY_SUFFIXES = {"m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
JVM_SIZE_SUFFIXES = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}


def quantity(text):
    """A Kubernetes quantity (cpu or memory) as a number, or None when it is not one."""
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)", str(text))
    if not match or match.group(2) not in QUANTITY_SUFFIXES:
        return None
    return float(match.group(1)) * QUANTITY_SUFFIXES[match.group(2)]


def max_heap(words):
    """The -Xmx of a JVM's options, in bytes, or None."""
    for word in words:
        match = re.fullmatch(r"-Xmx([0-9]+)([kmgKMG]?)", word)
        if match:
            return int(match.group(1)) * JVM_SIZE_SUFFIXES[match.group(2).lower()]
    return None


def check_resources(container, problem):
    """Every container reserves and is bounded in CPU and memory, and reserves no more than its bound."""
    resources = container.get("resources", {})
    for resource in ("cpu", "memory"):
        request = quantity(resources.get("requests", {}).get(resource))
        limit = quantity(resources.get("limits", {}).get(resource))
        if request is None or limit is None or request > limit:
            problem(f"container {container['name']}: {resource} request {request} and limit {limit} are not both set with request <= limit")


def check_tree(tree, skip_modes):
    problems = []
    k8s = os.path.join(tree, "k8s")

    def problem(message):
        problems.append(f"{tree}: {message}")

    with open(os.path.join(k8s, "kustomization.yaml")) as f:
        kustomization = yaml.safe_load(f)
    listed = set(kustomization.get("resources", []))
    present = set()
    for root, _, names in os.walk(k8s):
        for name in names:
            if name.endswith(".yaml") and name != "kustomization.yaml":
                present.add(os.path.relpath(os.path.join(root, name), k8s))
    if listed != present:
        problem(f"kustomization resources {sorted(listed)} != manifests {sorted(present)}")

    documents = []  # (file, document)
    for path in sorted(present):
        with open(os.path.join(k8s, path)) as f:
            for document in yaml.safe_load_all(f):
                if document is not None:
                    documents.append((path, document))

    networks = {d["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") for _, d in documents}
    namespaces = {d["metadata"].get("namespace") for _, d in documents if d["kind"] != "Namespace"}
    if len(networks) != 1 or len(namespaces) != 1 or None in namespaces:
        problem(f"objects disagree on network {networks} or namespace {namespaces}")
    by_kind = {}
    for path, d in documents:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
        labels = d["metadata"].get("labels", {})
        missing = [label for label in STANDARD_LABELS if label not in labels]
        if missing or labels.get("app.kubernetes.io/managed-by") != "qube":
            problem(f"{d['kind']}/{d['metadata']['name']}: standard labels missing or wrong: {missing}")
        if (d["kind"] == "Secret") != (path == "secrets.yaml"):
            problem(f"{d['kind']}/{d['metadata']['name']} is in {path}: Secrets belong in secrets.yaml alone")

    for name, service in by_kind.get("Service", {}).items():
        spec = service["spec"]
        ports = {p["port"] for p in spec["ports"]}
        if spec.get("type", "ClusterIP") != "ClusterIP" and not ports <= PEER_PORTS:
            problem(f"external Service {name} exposes {sorted(ports - PEER_PORTS)}: only devp2p, raft and Tessera P2P may leave the cluster")

    # A disruption budget selects pods only through labels the StatefulSets' pods already carry
    # (so applying it restarts nothing), and only pods of this tree.
    for name, budget in by_kind.get("PodDisruptionBudget", {}).items():
        spec = budget["spec"]
        expressions = spec["selector"].get("matchExpressions", [])
        if set(spec["selector"]) != {"matchExpressions"} or len(expressions) != 1 \
                or expressions[0]["key"] != "app.kubernetes.io/instance" or expressions[0]["operator"] != "In":
            problem(f"PodDisruptionBudget {name}: selects by something other than the pods' instance label")
            continue
        unknown = set(expressions[0]["values"]) - set(by_kind.get("StatefulSet", {}))
        if unknown:
            problem(f"PodDisruptionBudget {name}: selects pods of no StatefulSet in the tree: {sorted(unknown)}")
        if not isinstance(spec.get("maxUnavailable"), int) or spec["maxUnavailable"] < 0 or "minAvailable" in spec:
            problem(f"PodDisruptionBudget {name}: maxUnavailable must be a count of validators")

    configmaps = by_kind.get("ConfigMap", {})
    secrets = by_kind.get("Secret", {})
    for name, statefulset in by_kind.get("StatefulSet", {}).items():
        spec = statefulset["spec"]
        template = spec["template"]
        pod = template["spec"]
        argv = next((c.get("command", []) for c in pod.get("containers", []) if c["name"] == "quorum"), [])
        awaiting = "qube.dev/awaiting" in statefulset["metadata"].get("annotations", {})
        if awaiting:
            # A node joining a running raft cluster without its raft ID yet (raft.addPeer gives it):
            # geth would refuse to start, or found a cluster of its own, so no pod runs.
            if spec.get("replicas") != 0 or "--raft" not in argv or "--raftjoinexisting" in argv:
                problem(f"StatefulSet {name} awaits its raft ID but runs a pod or is no raft joiner")
        elif spec.get("replicas") != 1:
            problem(f"StatefulSet {name} does not run exactly one replica")
        service = by_kind.get("Service", {}).get(spec["serviceName"])
        if service is None or service["spec"].get("type", "ClusterIP") != "ClusterIP":
            problem(f"StatefulSet {name}: serviceName {spec['serviceName']} is not a ClusterIP Service of the tree")
        selector = spec["selector"]["matchLabels"]
        if any(template["metadata"]["labels"].get(k) != v for k, v in selector.items()):
            problem(f"StatefulSet {name}: selector does not match the pod labels")
        if not re.fullmatch(r"[0-9a-f]{64}", str(template["metadata"].get("annotations", {}).get("qube.dev/config-hash", ""))):
            problem(f"StatefulSet {name}: no qube.dev/config-hash annotation")
        if pod.get("securityContext", {}).get("runAsNonRoot") is not True:
            problem(f"StatefulSet {name}: pod may run as root")
        for container in pod.get("initContainers", []) + pod["containers"]:
            context = container.get("securityContext", {})
            if context.get("allowPrivilegeEscalation") is not False or context.get("capabilities", {}).get("drop") != ["ALL"]:
                problem(f"StatefulSet {name}: container {container['name']} keeps privileges")
            check_resources(container, lambda message: problem(f"StatefulSet {name}: {message}"))
            image = container["image"]
            tag = image.rsplit("/", 1)[-1]
            if "@sha256:" not in image and (":" not in tag or tag.endswith(":latest")):
                problem(f"StatefulSet {name}: image {image} is not pinned")
        containers = {c["name"]: c for c in pod["containers"]}
        if "tessera" in containers:
            # Tessera's heap fits its container; geth starts only once Tessera answers.
            tessera = containers["tessera"]
            options = tessera["command"] + " ".join(e["value"] for e in tessera.get("env", []) if e["name"] == "JAVA_OPTS").split()
            heap = max_heap(options)
            limit = quantity(tessera.get("resources", {}).get("limits", {}).get("memory"))
            if heap is None or limit is None or heap > 0.75 * limit:
                problem(f"StatefulSet {name}: Tessera's JVM heap {heap} is not bounded below its memory limit {limit}")
            command = containers["quorum"]["command"]
            if command[:2] != ["sh", "-c"] or "/upcheck" not in command[2] or not command[2].rstrip().endswith('exec "$$@"') or command[4] != "geth":
                problem(f"StatefulSet {name}: geth does not wait for Tessera's upcheck before it starts")
        for volume in pod["volumes"]:
            if "configMap" in volume and volume["configMap"]["name"] not in configmaps:
                problem(f"StatefulSet {name}: ConfigMap {volume['configMap']['name']} is not in the tree")
            if "secret" in volume and volume["secret"]["secretName"] not in secrets:
                problem(f"StatefulSet {name}: Secret {volume['secret']['secretName']} is not in the tree")

    # The ConfigMaps carry the chain files of the tree byte for byte.
    top = {}
    for name in ("genesis.json", "static-nodes.json", "permissioned-nodes.json"):
        with open(os.path.join(tree, name), encoding="utf-8") as f:
            top[name] = f.read()
    tessera_dir = os.path.join(tree, "tessera")
    if os.path.isdir(tessera_dir):
        for name in os.listdir(tessera_dir):
            with open(os.path.join(tessera_dir, name), encoding="utf-8") as f:
                top["tessera/" + name] = f.read()
    # Tessera's ConfigMaps (per node, and the network's known-peers) are the tessera/ directory;
    # the Grafana dashboard is no chain file.
    carried = {}
    for configmap in configmaps.values():
        if "grafana_dashboard" in configmap["metadata"].get("labels", {}):
            continue
        tessera = configmap["metadata"]["name"].endswith(("-tessera", "-tessera-known-peers"))
        for key, value in configmap.get("data", {}).items():
            carried["tessera/" + key if tessera else key] = value
    if carried != top:
        problem(f"ConfigMap data differs from the tree's chain files: {sorted(set(carried) ^ set(top)) or 'contents'}")

    # Private key material only in secrets.yaml.
    private = []
    for secret in secrets.values():
        for key, value in secret.get("data", {}).items():
            if key in PRIVATE_FILES:
                raw = base64.b64decode(value)
                private += [raw, value.encode()]
    for root, _, names in os.walk(tree):
        for name in names:
            path = os.path.join(root, name)
            if os.path.relpath(path, tree) == os.path.join("k8s", "secrets.yaml"):
                continue
            with open(path, "rb") as f:
                content = f.read()
            if any(secret and secret in content for secret in private):
                problem(f"{os.path.relpath(path, tree)} contains private key material")

    if not skip_modes:
        for root, _, names in os.walk(tree):
            for name in names:
                path = os.path.join(root, name)
                mode = stat.S_IMODE(os.stat(path).st_mode)
                expected = 0o600 if os.path.relpath(path, tree) == os.path.join("k8s", "secrets.yaml") else 0o644
                if mode != expected:
                    problem(f"{os.path.relpath(path, tree)} has mode {mode:o}, expected {expected:o}")
        try:
            with open(os.path.join(k8s, ".gitignore")) as f:
                if "secrets.yaml" not in f.read().split():
                    problem("k8s/.gitignore does not ignore secrets.yaml")
        except FileNotFoundError:
            problem("k8s/.gitignore is missing")
    return problems


def main(arguments):
    skip_modes = "--skip-modes" in arguments
    trees = [a for a in arguments if a != "--skip-modes"]
    if not trees:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    problems = [p for tree in trees for p in check_tree(tree, skip_modes)]
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
