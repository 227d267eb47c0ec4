#!/usr/bin/env bash
# Decodes the extraData of genesis files with PyPI rlp and checks the validators against
# addresses that eth-keys derives from the node keys (scripts/oracles/chain_extradata.py).
#
#   30-extradata-oracle.sh [GENESIS:EXPECTED ...]
#
# EXPECTED: a file of hex nodekeys in extraData order, or a key directory keys/<network>.
# Without arguments: every golden under Tests/QubeCoreTests/Golden/chain/*/genesis.json
# against its validator-nodekeys.txt, the first one also tampered to prove the check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
python="$(scripts/venv.sh)"
if [ "$#" -eq 0 ]; then
    args=(--self-test)
    for genesis in Tests/QubeCoreTests/Golden/chain/*/genesis.json; do
        args+=("$genesis:$(dirname "$genesis")/validator-nodekeys.txt")
    done
    set -- "${args[@]}"
fi
"$python" scripts/oracles/chain_extradata.py "$@"
