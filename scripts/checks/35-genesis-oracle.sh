#!/usr/bin/env bash
# Checks rendered genesis files and geth argv against each GoQuorum release's own genesis checks
# as read at its tag (scripts/oracles/genesis_checks.py): geth init must accept the genesis, and
# neither it nor the consensus flags may log a deprecation warning.
#
#   35-genesis-oracle.sh [TREE ...]
#
# TREE: a rendered tree out/<network> (its releases.json names the release). Without arguments:
# the oracle's self-test, then, in a scratch copy of examples/ (never in the repo tree, no
# kubeconfig), every example run with `qube run --dry-run` in name order (org-a before org-b)
# and one render for every release x consensus qube supports; every rendered tree is checked.
set -euo pipefail
cd "$(dirname "$0")/../.."
python="$(scripts/venv.sh)"
oracle=scripts/oracles/genesis_checks.py
if [ "$#" -gt 0 ]; then
    args=()
    for tree in "$@"; do args+=(--tree "$tree"); done
    exec "$python" "$oracle" "${args[@]}"
fi

QUBE="${QUBE:-$(swift build --show-bin-path)/qube}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export KUBECONFIG="$scratch/no-kubeconfig"
"$python" "$oracle" --self-test

run() {
    local dir="$1" script="$2"
    if ! (cd "$dir" && "$QUBE" run -q --dry-run "$script" >"$script.out.log" 2>"$script.err.log"); then
        echo "35-genesis-oracle: $script failed:" >&2
        cat "$dir/$script.err.log" >&2
        exit 1
    fi
}

mkdir "$scratch/examples" "$scratch/matrix"
cp examples/*.lua "$scratch/examples/"
for example in "$scratch"/examples/*.lua; do run "$scratch/examples" "$(basename "$example")"; done

pairs=0
for release in $("$python" "$oracle" --releases); do
    for consensus in istanbul qbft clique raft; do
        name="m-${release//./-}-$consensus"
        cat >"$scratch/matrix/$name.lua" <<LUA
local net = network { name = "$name", consensus = "$consensus", quorum = "$release", tessera = false, blockPeriod = 3 }
for i = 1, 2 do net:addNode { name = "node" .. i } end
net:genKeys { kdf = "light" }
net:render()
LUA
        if (cd "$scratch/matrix" && "$QUBE" run -q --dry-run "$name.lua" >"$name.out.log" 2>"$name.err.log"); then
            pairs=$((pairs + 1))
        elif [ "$consensus" = qbft ] && grep -q "qbft needs GoQuorum" "$scratch/matrix/$name.err.log"; then
            echo "ok $name: qube refuses qbft on GoQuorum $release"
        else
            echo "35-genesis-oracle: $name failed:" >&2
            cat "$scratch/matrix/$name.err.log" >&2
            exit 1
        fi
    done
done

trees=()
for tree in "$scratch"/examples/out/* "$scratch"/matrix/out/*; do trees+=(--tree "$tree"); done
"$python" "$oracle" "${trees[@]}"
echo "35-genesis-oracle: ok ($pairs release x consensus renders, $(ls "$scratch/examples/out" | wc -l) example networks)"
