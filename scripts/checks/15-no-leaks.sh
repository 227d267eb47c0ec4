#!/usr/bin/env bash
# Host objects must not leak: a script that declares and drops many networks of 100 nodes each
# must level off in memory. Measures peak RSS (no timing) for 20 and 400 rounds and fails when the
# larger run needs more than 25% (plus 8 MiB) over the smaller one.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUBE="${QUBE:-.build/debug/qube}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat > "$work/churn.lua" <<'LUA'
local rounds = tonumber(arg[1])
for r = 1, rounds do
    local net = network { name = "churn" .. r }
    for i = 1, 100 do
        local node = net:addNode { name = "node" .. i, gethParams = "--verbosity 3" }
        local _ = tostring(node) .. node.name .. tostring(net:nodes()[i].validator)
    end
    net = nil
    if r % 10 == 0 then collectgarbage() end
end
LUA

peak() { /usr/bin/time -f "%M" "$QUBE" run -q "$work/churn.lua" -- "$1" 2>&1 >/dev/null | tail -n 1; }
small=$(peak 20)
large=$(peak 400)
limit=$((small * 125 / 100 + 8192))
echo "15-no-leaks: peak RSS ${small} KiB for 2,000 nodes, ${large} KiB for 40,000 nodes (limit ${limit} KiB)"
if [ "$large" -gt "$limit" ]; then
    echo "15-no-leaks: memory grows with the number of dropped host objects: a leak" >&2
    exit 1
fi
