#!/usr/bin/env bash
# Sandbox escapes and resource limits, end to end through the real binary: every attempt must
# exit 1 with `script.lua:LINE: <clear message>` on the first line of stderr, and leave the
# script's directory (and the directory above it) exactly as it was.
# Run by scripts/test.sh with $QUBE set; works in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUBE="$(realpath "${QUBE:-.build/debug/qube}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

# Hashes, modes and mtimes of everything under a directory.
state() { (cd "$1" && find . -printf '%p %y %m %T@ %s\n' | sort && find . -type f -exec sha256sum {} + | sort); }

# refused NAME LINE PHRASE [QUBE OPTIONS...] < script: runs the script from stdin in a fresh
# directory (below a parent that also must not change) and checks the refusal.
refused() {
    local name="$1" line="$2" phrase="$3"
    shift 3
    local parent="$work/$name" dir="$work/$name/tree"
    mkdir -p "$dir"
    cat >"$dir/script.lua"
    [ -n "${setup:-}" ] && (cd "$dir" && eval "$setup")
    local before after status=0 first
    before="$(state "$parent")"
    (cd "$dir" && ${wrap:-} "$QUBE" run -q "$@" script.lua) >"$parent.out" 2>"$parent.err" || status=$?
    after="$(state "$parent")"
    first="$(head -n 1 "$parent.err")"
    printf '%-34s %-4s %s\n' "$name" "$status" "${first:0:150}"
    local problems=()
    [ "$status" = 1 ] || problems+=("exit status $status, expected 1")
    [[ "$first" == "script.lua:$line: "* ]] || problems+=("error does not start with script.lua:$line:")
    [[ "$first" == *"$phrase"* ]] || problems+=("error does not say: $phrase")
    [ "$before" = "$after" ] || problems+=("files changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -3 | tr '\n' ' ' || true)")
    if [ ${#problems[@]} -gt 0 ]; then
        printf '  FAIL %s\n' "${problems[@]}" >&2
        failures=$((failures + 1))
    fi
}

echo "attempt                            exit first line of the error"
refused os-execute 1 "os.execute is not available in the sandbox" <<'EOF'
os.execute("touch ../pwned")
EOF
refused io-popen 2 "io.popen is not available in the sandbox" <<'EOF'
-- a comment, so the line number is checked
local p = io.popen("id")
EOF
refused io-open 1 "io.open is not available in the sandbox" <<'EOF'
local f = io.open("../pwned", "w")
EOF
refused os-remove 1 "os.remove is not available in the sandbox" <<'EOF'
os.remove("script.lua")
EOF
refused os-exit 1 "os.exit is not available in the sandbox" <<'EOF'
os.exit(0)
EOF
refused require-os-then-execute 1 "os.execute is not available in the sandbox" <<'EOF'
local o = require "os"; o.execute("id")
EOF
refused package-loadlib 1 "package.loadlib is not available in the sandbox" <<'EOF'
local f = package.loadlib("/lib/x86_64-linux-gnu/libc.so.6", "system")
EOF
refused package-cpath 1 "package.cpath is not available in the sandbox" <<'EOF'
package.cpath = "/tmp/?.so"
EOF
refused require-parent-path 1 "module '../secret' is not allowed in the sandbox" <<'EOF'
require "../secret"
EOF
refused require-absolute-path 1 "module '/etc/passwd' is not allowed in the sandbox" <<'EOF'
require "/etc/passwd"
EOF
setup='printf "\x7fELF" > evil.so' refused require-c-module 1 "C modules cannot be loaded in the sandbox" <<'EOF'
require "evil"
EOF
setup='echo "return 1" > ../outside.lua && ln -s ../outside.lua lib.lua' refused require-link-outside 1 "resolves outside its directory" <<'EOF'
require "lib"
EOF
refused dofile 1 "dofile is not available in the sandbox" <<'EOF'
dofile("/etc/passwd")
EOF
refused loadfile 1 "loadfile is not available in the sandbox" <<'EOF'
loadfile("script.lua")
EOF
refused load-binary-chunk 1 "attempt to load a binary chunk" <<'EOF'
assert(load("\27LuaT\0\25\147\13\10\26\10\4\8\8xV\0\0\0\0\0\0\0\0\0\0\0(w@"))
EOF
refused load-binary-mode-b 1 "attempt to load a binary chunk" <<'EOF'
assert(load("\27Lua", "chunk", "b"))
EOF
refused string-dump 1 "string.dump is not available in the sandbox" <<'EOF'
local bytes = string.dump(function() return 1 end)
EOF
refused string-method-dump 1 "string.dump is not available in the sandbox" <<'EOF'
local bytes = ("x").dump(print)
EOF
for name in getinfo sethook getregistry getmetatable setmetatable getupvalue setupvalue getlocal upvalueid; do
    refused "debug-$name" 1 "debug.$name is not available in the sandbox" <<EOF
local f = debug.$name
EOF
done
refused host-getmetatable 3 "the metatable of a host object is hidden: network" <<'EOF'
local net = network { name = "org-a" }
local mt = getmetatable(net)
assert(type(mt) == "table", "the metatable of a host object is hidden: " .. tostring(mt))
EOF
refused host-setmetatable 2 "table expected, got network" <<'EOF'
local net = network { name = "org-a" }
setmetatable(net, { __index = function() return os end })
EOF
refused host-rawget 2 "table expected, got network" <<'EOF'
local net = network { name = "org-a" }
local session = rawget(net, "session")
EOF
refused host-hidden-field 2 "no field 'session' on network" <<'EOF'
local net = network { name = "org-a" }
local session = net.session
EOF
refused write-external-parent 1 "refusing to write '../escape.yaml'" <<'EOF'
writeExternal("../escape.yaml", {})
EOF
refused write-external-absolute 1 "refusing to write '/tmp/qube-sandbox-escape.yaml'" <<'EOF'
writeExternal("/tmp/qube-sandbox-escape.yaml", {})
EOF
setup='mkdir -p ../elsewhere && ln -s ../elsewhere link' refused write-through-link 1 "refusing to write 'link/escape.yaml'" <<'EOF'
writeExternal("link/escape.yaml", {})
EOF
refused render-dir-parent 3 "refusing to write '../out'" <<'EOF'
local net = network { name = "org-a", tessera = false }
net:addNode { name = "n1" }
net:render { dir = "../out" }
EOF
refused keys-dir-parent 1 "refusing to write '../keys'" <<'EOF'
local net = network { name = "org-a", keysDir = "../keys" }
EOF
setup="cp '$PWD/scripts/hostile/genesis/valid.json' genesis.json" \
    refused genesis-write-absolute 2 "refusing to write '/tmp/qube-sandbox-genesis.json'" <<'EOF'
local genesis = readGenesis "genesis.json"
genesis:write("/tmp/qube-sandbox-genesis.json")
EOF
refused instruction-budget 3 "instruction" --max-instructions 100000 <<'EOF'
local net = network { name = "org-a" }
net:addNode { name = "n1" }
while true do end
net:genKeys()
EOF
refused memory-ceiling 3 "memory" --max-memory 64M <<'EOF'
local net = network { name = "org-a" }
net:addNode { name = "n1" }
local t = {} while true do t[#t + 1] = string.rep("x", 1e6) .. #t end
net:genKeys()
EOF

# Defaults, no flags: a runaway loop ends within 30 s, a memory bomb before 2 GiB of RSS; both
# name the line. /usr/bin/time -v reports the wall time and the peak RSS.
limited() {
    local name="$1" line="$2" phrase="$3" seconds="$4" megabytes="$5"
    local report="$work/$name.time"
    wrap="/usr/bin/time -v -o $report" refused "$name" "$line" "$phrase" </dev/stdin
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$report")"
    rss="$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$report")"
    printf '  %s with default limits: %.1f s, peak RSS %d MiB\n' "$name" "$wall" "$rss"
    if awk -v w="$wall" -v s="$seconds" 'BEGIN { exit !(w > s) }' || [ "$rss" -ge "$megabytes" ]; then
        echo "  FAIL $name: took more than $seconds s or $megabytes MiB" >&2
        failures=$((failures + 1))
    fi
}
limited default-instruction-budget 2 "instruction" 30 2048 <<'EOF'
local net = network { name = "org-a" }
while true do end
EOF
limited default-memory-ceiling 2 "memory" 30 2048 <<'EOF'
local net = network { name = "org-a" }
local t = {} while true do t[#t + 1] = string.rep("x", 1e6) .. #t end
EOF

# Host calls do not count against the budget: standard scrypt for two nodes under a budget
# far too small for any Lua loop.
mkdir -p "$work/host-time"
cat >"$work/host-time/script.lua" <<'EOF'
local net = network { name = "org-a", tessera = false }
net:addNode { name = "n1" } net:addNode { name = "n2" }
net:genKeys { kdf = "standard" }
EOF
if (cd "$work/host-time" && "$QUBE" run -q --max-instructions 2000 script.lua); then
    echo "host-calls-not-counted              0    (genKeys with the standard KDF under --max-instructions 2000)"
else
    echo "  FAIL host calls counted against --max-instructions" >&2
    failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
    echo "sandbox escapes: $failures failed" >&2
    exit 1
fi
echo "sandbox escapes: all refused"
