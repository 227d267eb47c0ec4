#!/usr/bin/env bash
# Hostile inputs (scripts/hostile): bad external-nodes YAML, bad genesis files and scripts with
# injected names, run through the real binary. Prints the table input -> exit code -> first line
# of the error; fails when a case exits other than 1, does not name the file and line (or the
# field) and the problem, or changes anything on disk.
# Run by scripts/test.sh with $QUBE set; works in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
python="$(scripts/venv.sh)"
QUBE="$(realpath "${QUBE:-.build/debug/qube}")" "$python" scripts/hostile/hostile.py
