#!/usr/bin/env bash
# Keeps scripts/bench.sh working: runs it at tiny sizes and checks that the table prints
# every row. Times nothing and asserts nothing about the figures (benchmarks are not tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
scripts/bench.sh --smoke >"$out"
cat "$out"
for row in "keygen light (2 nodes): qube genKeys" "keygen light: eth-account" "keygen light: floor" \
    "render 1 nodes: wall time" "render 10 nodes: peak RSS" "render 10 nodes: bytes written" \
    "start-up: qube run empty.lua" "Lua: 100 net:addNode" "Swift: 100 NetworkSession.addNode"; do
    grep -qF "| $row" "$out" || { echo "bench smoke: no row '$row' in the table" >&2; exit 1; }
done
echo "bench smoke: the table has every row"
