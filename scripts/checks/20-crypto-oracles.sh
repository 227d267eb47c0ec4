#!/usr/bin/env bash
# Generates a key store with qube's Swift code (standard and light KDFs, locked and unlocked
# Tessera keys) and checks every file with independent Python implementations.
# Run by scripts/test.sh after the build; builds nothing itself.
# (Until genKeys is bound in Lua, a Swift test writes the store: see KeyStoreOracleTests.)
set -euo pipefail
cd "$(dirname "$0")/../.."
python="$(scripts/venv.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
QUBE_ORACLE_KEYS_DIR="$work/keys/oracle" swift test --skip-build --filter KeyStoreOracleTests >"$work/swift-test.log" 2>&1 || {
    cat "$work/swift-test.log" >&2
    echo "crypto oracles: writing the key store failed" >&2
    exit 1
}
"$python" scripts/oracles/crypto_keys.py "$work/keys/oracle"
