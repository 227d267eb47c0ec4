#!/usr/bin/env bash
# Runs every example the way a user would, offline: `qube run --dry-run` in a scratch copy of
# examples/ (never in the repo tree) with no kubeconfig, so deploys only list their objects.
# Each run is repeated and must leave every file byte-identical (keys, genesis, rendered trees,
# exchange files). Then every rendered tree is validated (50-manifests-validate.sh) and every
# genesis' extraData decoded against the validators' keys (30-extradata-oracle.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
QUBE="${QUBE:-$(swift build --show-bin-path)/qube}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export KUBECONFIG="$scratch/no-kubeconfig"

# name|scripts run in order|GENESIS:EXPECTED validator keys (relative to the run's directory)
runs=(
    "quickstart|quickstart.lua|out/quickstart/genesis.json:keys/quickstart"
    "two-orgs|two-orgs.lua|out/two-orgs-a/genesis.json:keys/two-orgs-a out/two-orgs-b/genesis.json:keys/two-orgs-a"
    "org-a-org-b|org-a.lua org-b.lua org-a.lua|out/org-a/genesis.json:keys/org-a out/org-b/genesis.json:keys/org-a"
    "namespaces|namespaces.lua|out/east/genesis.json:keys/east out/west/genesis.json:keys/east"
    "qbft-current|qbft-current.lua|out/qbft/genesis.json:keys/qbft"
    "raft|raft.lua|out/raft/genesis.json:no-validators.txt"
    "raft-two-orgs|raft-two-orgs.lua|out/raft-a/genesis.json:no-validators.txt out/raft-b/genesis.json:no-validators.txt"
)

for example in examples/*.lua; do
    grep -q "|$(basename "$example")\b\|[| ]$(basename "$example")[ |]" <<<"${runs[*]}" \
        || { echo "60-examples: $example is not run by this check" >&2; exit 1; }
done

snapshot() { (cd "$1" && find . -type f ! -name '*.log' -printf '%m %p\n' | sort && find . -type f ! -name '*.log' -print0 | sort -z | xargs -0 sha256sum); }

oracle_args=()
for entry in "${runs[@]}"; do
    IFS='|' read -r name scripts genesis <<<"$entry"
    dir="$scratch/$name"
    mkdir "$dir"
    cp examples/*.lua "$dir/"
    : > "$dir/no-validators.txt"
    for pass in 1 2; do
        start=$SECONDS
        for script in $scripts; do
            if ! (cd "$dir" && "$QUBE" run -q --dry-run "$script" >"$script.out.log" 2>"$script.err.log"); then
                echo "60-examples: $name: $script failed:" >&2
                cat "$dir/$script.err.log" >&2
                exit 1
            fi
        done
        snapshot "$dir" >"$scratch/$name.$pass"
        echo "ok $name: pass $pass ($scripts) in $((SECONDS - start))s"
    done
    if ! diff "$scratch/$name.1" "$scratch/$name.2" >&2; then
        echo "60-examples: $name: a second run changed files" >&2
        exit 1
    fi
    for pair in $genesis; do oracle_args+=("$dir/${pair%%:*}:$dir/${pair#*:}"); done
done

bash scripts/checks/50-manifests-validate.sh "$scratch"
bash scripts/checks/30-extradata-oracle.sh "${oracle_args[@]}"
echo "60-examples: ok"
