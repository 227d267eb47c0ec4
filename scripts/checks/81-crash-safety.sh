#!/usr/bin/env bash
# Crash safety: SIGKILL `qube run` at random moments, at least 20 times each during genKeys
# (16 nodes), render and deploy (a fake kubectl whose apply hangs), and check after every kill
# that no existing key or genesis byte changed, the rendered tree is the old or the new one,
# and the next run completes (scripts/crash/crash.py describes every invariant).
# The seed is printed; rerun one phase with `QUBE=... scripts/crash/crash.py genkeys --seed N`.
# Run by scripts/test.sh with $QUBE set; works in temporary directories.
set -euo pipefail
cd "$(dirname "$0")/../.."
export QUBE="$(realpath "${QUBE:-.build/debug/qube}")"
python="$(scripts/venv.sh)"
for phase in genkeys render deploy; do
    "$python" scripts/crash/crash.py "$phase" --kills 20
done
