#!/usr/bin/env bash
# The whole test suite: dependencies, a warning-free build, swift test, then
# every script-level check under scripts/checks/ in name order.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== build (warnings fail the run)"
log=$(mktemp)
swift build --build-tests 2>&1 | tee "$log" | grep -E "error|warning" || true
if grep -E "^$PWD/(Sources|Tests)/.*warning:" "$log"; then
    echo "test: the build has warnings" >&2
    exit 1
fi
rm -f "$log"

echo "== swift test"
swift test --skip-build

QUBE="$(swift build --show-bin-path)/qube"
export QUBE
for check in scripts/checks/*.sh; do
    [ -e "$check" ] || continue
    echo "== $check"
    bash "$check"
done
echo "test: all passed"
