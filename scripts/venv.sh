#!/usr/bin/env bash
# Creates .venv with the independent reference implementations used as test
# oracles, and prints the path of its python. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
stamp="$venv/.qube-requirements"
requirements="$(cat scripts/requirements.txt)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/requirements.txt >&2
    printf '%s' "$requirements" > "$stamp"
fi
echo "$PWD/$venv/bin/python"
