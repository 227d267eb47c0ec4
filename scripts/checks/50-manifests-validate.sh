#!/usr/bin/env bash
# Validates rendered Kubernetes manifests against the OpenAPI schemas of the oldest Kubernetes
# qube supports and a current one (kubernetes-validate, strict: unknown fields fail), then checks
# each rendered tree's promises with an independent oracle (scripts/oracles/k8s_tree_check.py).
#
# usage: 50-manifests-validate.sh [DIR...]
# DIR is searched for rendered trees (directories holding k8s/kustomization.yaml). Without
# arguments: the golden trees of the render tests, which are copies, so file modes are not checked.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Oldest: the oldest schema kubernetes-validate bundles, and the first release with Pod Security
# admission GA. Current: the newest schema it bundles.
OLDEST_KUBERNETES=1.25.0
CURRENT_KUBERNETES=1.37.0

python="$(scripts/venv.sh)"
validate="$(dirname "$python")/kubernetes-validate"

oracle_flags=()
if [ "$#" -eq 0 ]; then
    set -- Tests/QubeCoreTests/Golden/k8s
    oracle_flags=(--skip-modes)
fi

trees=()
for dir in "$@"; do
    while IFS= read -r kustomization; do
        trees+=("$(dirname "$(dirname "$kustomization")")")
    done < <(find "$dir" -path '*/k8s/kustomization.yaml' | sort)
done
if [ "${#trees[@]}" -eq 0 ]; then
    echo "50-manifests-validate: no rendered trees (k8s/kustomization.yaml) under: $*" >&2
    exit 1
fi

manifests=()
for tree in "${trees[@]}"; do
    while IFS= read -r file; do
        manifests+=("$file")
    done < <(find "$tree/k8s" -name '*.yaml' ! -name kustomization.yaml | sort)
done

for version in "$OLDEST_KUBERNETES" "$CURRENT_KUBERNETES"; do
    echo "kubernetes-validate --strict -k $version: ${#manifests[@]} files"
    "$validate" --strict --quiet -k "$version" "${manifests[@]}"
done

echo "k8s_tree_check: ${#trees[@]} trees"
"$python" scripts/oracles/k8s_tree_check.py "${oracle_flags[@]}" "${trees[@]}"
echo "50-manifests-validate: ok"
