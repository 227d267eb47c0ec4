#!/usr/bin/env bash
# Benchmarks: key generation against eth-account and the scrypt floor, rendering at
# 10/100/1000 nodes, start-up, and Lua host-call overhead, printed as one Markdown table.
#
#   scripts/bench.sh           release build, full sizes (a few minutes; keys for the render
#                              sizes are generated once into .build-bench/ and reused)
#   scripts/bench.sh --smoke   tiny sizes, so the test suite keeps the script working; uses
#                              $QUBE (and qube-bench beside it) when set, else a debug build
#
#   --only SECTION             only that part of the table (repeatable): keygen, render,
#                              qubernetes, startup, lua
#
#   QUBERNETES_DIR=DIR         also times Qubernetes' own render (a checkout of ConsenSys/qubernetes
#                              at f266e62; needs Debian's ruby and ruby-colorize, installed here
#                              when missing) beside qube's on the same configuration and keys,
#                              alternating runs; without it the table says the comparison was skipped
#
# Timings are only meaningful on an otherwise idle machine: check `uptime` first.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=""
only=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke="--smoke" ;;
        --only) [ $# -gt 1 ] || { echo "usage: scripts/bench.sh [--smoke] [--only SECTION]..." >&2; exit 2; }
                only+=(--only "$2"); shift ;;
        *) echo "usage: scripts/bench.sh [--smoke] [--only SECTION]..." >&2; exit 2 ;;
    esac
    shift
done

if [ -n "$smoke" ] && [ -n "${QUBE:-}" ] && [ -x "$(dirname "$QUBE")/qube-bench" ]; then
    bin="$(dirname "$QUBE")"
elif [ -n "$smoke" ]; then
    swift build --product qube >&2 && swift build --product qube-bench >&2
    bin="$(swift build --show-bin-path)"
else
    echo "== release build" >&2
    # The release build as scripts/setup.sh --release makes it (static Swift runtime).
    scripts/setup.sh --release && swift build -c release --static-swift-stdlib --product qube-bench >&2
    bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
fi

python="$(scripts/venv.sh)"

# hyperfine (Debian) times the start-up; without it bench.py falls back to a loop.
if [ -z "$smoke" ] && ! command -v hyperfine >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q hyperfine >&2 || true
    elif command -v sudo >/dev/null; then sudo -n apt-get install -y -q hyperfine >&2 || true
    fi
fi

if [ -n "${QUBERNETES_DIR:-}" ] && ! ruby -rcolorize -e '' 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q ruby ruby-colorize >&2
    else sudo -n apt-get install -y -q ruby ruby-colorize >&2
    fi
fi

work=.build-bench
[ -n "$smoke" ] && work=.build-bench/smoke
exec "$python" scripts/bench/bench.py --qube "$bin/qube" --qube-bench "$bin/qube-bench" --work "$work" $smoke "${only[@]}"
