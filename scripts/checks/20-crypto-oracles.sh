#!/usr/bin/env bash
# Generates keys with `qube run` (standard and light scrypt, empty and random account passwords,
# unlocked and argon2-locked Tessera keys) and checks every file with independent Python
# implementations: eth-keys, eth-account, eth-utils, PyNaCl and argon2-cffi.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUBE="${QUBE:-.build/debug/qube}"
python="$(scripts/venv.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# genKeys only fills in what is missing, so each call applies its options to the node just added.
cat > "$work/oracle.lua" <<'LUA'
local net = network { name = "oracle", quorum = "24.4.1", tessera = "24.4.2", consensus = "qbft" }
net:addNode { name = "standard-unlocked" }
net:genKeys { kdf = "standard" }
net:addNode { name = "light-unlocked" }
net:genKeys { kdf = "light", accountPassword = "empty" }
net:addNode { name = "light-locked" }
net:genKeys { kdf = "light", tesseraPassword = true, verify = true }
for _, node in ipairs(net:nodes()) do
    print(node.name, node.address, node.accountAddress, node.tmPub, node.nodeId)
end
LUA
"$QUBE" run -q "$work/oracle.lua" > "$work/facts.tsv"
"$python" scripts/oracles/crypto_keys.py "$work/keys/oracle" --facts "$work/facts.tsv"
