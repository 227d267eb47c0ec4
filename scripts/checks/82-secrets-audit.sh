#!/usr/bin/env bash
# Secrets audit: runs every example (deploying through the fake kubectl), then derives every
# secret from the key stores with independent Python code (nodekeys, account private keys from
# the decrypted keystores, non-empty passwords, Tessera private keys, unlocked or argon2sbox) and
# looks for each, raw, upper-case, 0x-prefixed and Base64-encoded, in stdout, stderr, every file
# outside keys/ and out/*/k8s/secrets.yaml, and the argv of every kubectl call. Also checks that
# key files and secrets.yaml are 0600 and that ConfigMaps carry no key file.
# Run by scripts/test.sh with $QUBE set; works in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUBE="$(realpath "${QUBE:-.build/debug/qube}")"
python="$(scripts/venv.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -r examples "$work/examples"
cp -r stdlib "$work/stdlib"
mkdir -p "$work/scenario" "$work/record" "$work/logs"
printf '%s\n' cluster-a cluster-b kind-qube prod-eu >"$work/scenario/contexts"
cat >"$work/kubectl" <<EOF
#!/bin/sh
FAKE_KUBECTL_SCENARIO='$work/scenario' FAKE_KUBECTL_RECORD='$work/record' exec '$PWD/Tests/Fixtures/kubectl/fake-kubectl' "\$@"
EOF
chmod +x "$work/kubectl"

# org-a.lua runs twice: before and after org-b.lua has answered with its file.
for example in quickstart two-orgs namespaces qbft-current raft org-a org-b org-a; do
    echo "== qube run $example.lua"
    (cd "$work/examples" && QUBE_KUBECTL="$work/kubectl" QUBE_STDLIB="$work/stdlib" "$QUBE" run -v "$example.lua") \
        >>"$work/logs/$example.stdout" 2>>"$work/logs/$example.stderr" || {
        cat "$work/logs/$example.stderr" >&2
        echo "secrets audit: $example.lua failed" >&2
        exit 1
    }
done

# Every reader of outside files pointed at every key file, in the key store and copied out of
# it (the copy is removed before the search): caught and printed, and uncaught with -v. What
# the readers say lands in logs/, which the search below covers.
cat >"$work/examples/readers-audit.lua" <<'LUA'
local path, uncaught = arg[1], arg[2]
local readers = {
    function() return readExternal(path) end,
    function() return readGenesis(path) end,
    function() return loadQubernetes(path, { name = "audit" }) end,
}
for _, read in ipairs(readers) do
    local ok, message = pcall(read)
    print(ok, message)
end
if uncaught then readers[tonumber(uncaught)]() end
LUA
cp -r "$work/examples/keys" "$work/examples/copied-keys"
read_count=0
while IFS= read -r -d '' file; do
    relative="${file#"$work/examples/"}"
    # All three caught, and one of them (in turn) uncaught.
    (cd "$work/examples" && QUBE_STDLIB="$work/stdlib" "$QUBE" run -v readers-audit.lua -- "$relative" $((read_count % 3 + 1))) \
        >>"$work/logs/readers.stdout" 2>>"$work/logs/readers.stderr" || true
    read_count=$((read_count + 1))
done < <(find "$work/examples/keys" "$work/examples/copied-keys" -type f \( -name nodekey -o -name '*.txt' -o -name 'tm.*' -o -name '*.json' \) -print0)
rm -rf "$work/examples/copied-keys" "$work/examples/readers-audit.lua"
echo "secrets audit: $read_count key files read by readExternal, readGenesis and loadQubernetes"

"$python" scripts/oracles/secrets_audit.py "$work"
echo "secrets audit: no secret outside keys/ and k8s/secrets.yaml"
