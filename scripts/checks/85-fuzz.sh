#!/usr/bin/env bash
# Short libFuzzer run of every parser that takes outside input (Fuzz/README.md has the long run).
# Builds Fuzz/ into .build/fuzz (the first build compiles the dependencies once more), seeds each
# target from scripts/hostile and a generated key store, runs each for QUBE_FUZZ_SECONDS (10).
# Run by scripts/test.sh with $QUBE set; corpora and crash inputs go to a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
QUBE="$(realpath "${QUBE:-.build/debug/qube}")"
seconds="${QUBE_FUZZ_SECONDS:-10}"
python="$(scripts/venv.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fuzz: building the targets (.build/fuzz)"
(cd Fuzz && swift build --scratch-path "$root/.build/fuzz" -Xswiftc -sanitize=fuzzer >"$work/build.log" 2>&1) || {
    tail -n 30 "$work/build.log" >&2
    echo "fuzz: building the targets failed" >&2
    exit 1
}
bin="$root/.build/fuzz/debug"

# Seeds: the hostile corpus, genesis extraData as raw RLP, and a real key store.
for target in ExternalNodes EnodeURL RLP KeystoreJSON GenesisJSON; do mkdir -p "$work/corpus/$target"; done
cp scripts/hostile/external-nodes/*.yaml "$work/corpus/ExternalNodes/"
grep -ho 'enode://[^"]*' scripts/hostile/external-nodes/*.yaml | split -l 1 - "$work/corpus/EnodeURL/seed-"
cp scripts/hostile/genesis/*.json "$work/corpus/GenesisJSON/"
"$python" scripts/fuzz/extradata_seeds.py "$work/corpus/RLP" scripts/hostile/genesis/*.json
mkdir -p "$work/keys"
cat >"$work/keys/keys.lua" <<'LUA'
local net = network { name = "fuzz", tessera = "0.10.6" }
net:addNode { name = "n1" } net:addNode { name = "n2" }
net:genKeys { kdf = "light", tesseraPassword = true }
LUA
(cd "$work/keys" && "$QUBE" run -q keys.lua)
cp "$work/keys/keys/fuzz/n1/acctkeyfile.json" "$work/corpus/KeystoreJSON/keystore.json"
cp "$work/keys/keys/fuzz/n1/tm.key" "$work/corpus/KeystoreJSON/tm-locked.key"

failed=0
for target in ExternalNodes EnodeURL RLP KeystoreJSON GenesisJSON; do
    mkdir -p "$work/crashes/$target"
    if "$bin/Fuzz$target" "$work/corpus/$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
        -artifact_prefix="$work/crashes/$target/" >"$work/$target.log" 2>&1; then
        printf 'fuzz %-14s %s\n' "$target" "$(grep -E '^(#[0-9]+.*DONE|Done [0-9]+ runs)' "$work/$target.log" | tail -n 1)"
    else
        tail -n 40 "$work/$target.log" >&2
        echo "fuzz $target: crashed; inputs in $work/crashes/$target (kept)" >&2
        trap - EXIT
        failed=1
    fi
done
exit "$failed"
