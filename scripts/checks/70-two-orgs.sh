#!/usr/bin/env bash
# The two-organisation flow end to end, offline: examples/two-orgs.lua (one script) and
# examples/org-a.lua + org-b.lua (files only) run in scratch copies with `qube run --dry-run`
# and no kubeconfig, then scripts/oracles/flow_two_orgs.py checks the outputs with eth-keys and
# PyYAML: one genesis byte for byte, each side's peer lists and Tessera peers holding the
# other's exposed nodes, A's nodes as the validators, external_nodes files any YAML reader
# understands. PyYAML's re-dump of each external_nodes file is read back by qube and must be
# written out byte-identical to the original.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUBE="${QUBE:-$(swift build --show-bin-path)/qube}"
python="$(scripts/venv.sh)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export KUBECONFIG="$scratch/no-kubeconfig"

run() { (cd "$1" && shift && for script in "$@"; do "$QUBE" run -q --dry-run "$script" >/dev/null 2>"$script.log" || { cat "$script.log" >&2; exit 1; }; done); }

mkdir "$scratch/one" "$scratch/files"
cp examples/two-orgs.lua "$scratch/one/"
cp examples/org-a.lua examples/org-b.lua "$scratch/files/"
run "$scratch/one" two-orgs.lua
run "$scratch/files" org-a.lua org-b.lua org-a.lua

"$python" scripts/oracles/flow_two_orgs.py "$scratch/one" two-orgs-a two-orgs-b 192.0.2.10 30301 30401 198.51.100.20 30311 30411
"$python" scripts/oracles/flow_two_orgs.py "$scratch/files" org-a org-b 192.0.2.10 30301 30401 198.51.100.20 30311 30411
cmp "$scratch/files/org-a-genesis.json" "$scratch/files/out/org-a/genesis.json"

for original in "$scratch"/files/*.external.yaml; do
    cat > "$scratch/files/roundtrip.lua" <<LUA
writeExternal("roundtrip.out.yaml", readExternal("$(basename "$original").pyyaml"))
LUA
    run "$scratch/files" roundtrip.lua
    cmp "$original" "$scratch/files/roundtrip.out.yaml"
    echo "ok $(basename "$original"): PyYAML's dump reads back into the same bytes"
done
echo "70-two-orgs: ok"
