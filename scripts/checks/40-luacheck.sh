#!/usr/bin/env bash
# Lints every example and stdlib module with luacheck (Debian lua-check) against the
# repository's .luacheckrc, which must be exactly what `qube stubs --luacheckrc` generates from
# qube's sandbox; a tampered script proves the check fails on a misspelt global.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUBE="${QUBE:-$(swift build --show-bin-path)/qube}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$QUBE" stubs --luacheckrc -o - >"$scratch/generated"
if ! diff -u .luacheckrc "$scratch/generated" >&2; then
    echo "40-luacheck: .luacheckrc differs from 'qube stubs --luacheckrc'; regenerate it" >&2
    exit 1
fi

luacheck --no-color --codes examples stdlib

cp .luacheckrc "$scratch/"
printf 'local net = netowrk { name = "x" }\nio.open("f")\nreturn net\n' >"$scratch/typo.lua"
if (cd "$scratch" && luacheck --no-color typo.lua >"$scratch/typo.out"); then
    echo "40-luacheck: luacheck accepted a misspelt global and a withheld library" >&2
    exit 1
fi
grep -q "netowrk" "$scratch/typo.out" && grep -q "io" "$scratch/typo.out"
echo "40-luacheck: ok"
