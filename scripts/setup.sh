#!/usr/bin/env bash
# Installs what qube needs on a Debian machine (idempotent) and builds it.
#   scripts/setup.sh            debug build
#   scripts/setup.sh --release  release build (static Swift runtime)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libargon2-dev liblua5.4-dev libsecp256k1-dev libsodium-dev pkg-config lua-check)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The release build links the Swift runtime and Foundation statically: 4.5 MB less memory at
# start (docs/performance.md), and a binary that needs no Swift toolchain where it runs.
flags=()
[ "${1:-}" = "--release" ] && flags=(-c release --static-swift-stdlib)
swift build "${flags[@]}" --product qube >&2
echo "setup: built $(swift build "${flags[@]}" --show-bin-path)/qube" >&2
