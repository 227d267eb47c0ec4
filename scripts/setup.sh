#!/usr/bin/env bash
# Installs what qube needs on a Debian machine (idempotent) and builds it.
#   scripts/setup.sh            debug build
#   scripts/setup.sh --release  release build
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

config=debug
[ "${1:-}" = "--release" ] && config=release
swift build -c "$config" --product qube >&2
echo "setup: built $(swift build -c "$config" --show-bin-path)/qube" >&2
