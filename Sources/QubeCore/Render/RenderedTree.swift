import Foundation

/// The rendered tree of a network, written as a whole and swapped in atomically.
///
/// Layout of `out/<network>/`:
/// ```
/// genesis.json                  chain files, byte for byte as the nodes read them
/// static-nodes.json
/// permissioned-nodes.json
/// tessera/<node>.json           only when the network runs Tessera
/// tessera/known-peers           the known-hosts file of every node, when Tessera P2P runs over TLS (TesseraTLS)
/// releases.json                 the GoQuorum and Tessera releases rendered (RenderedReleases)
/// k8s/kustomization.yaml        lists every manifest below (kubectl apply -k out/<network>/k8s)
/// k8s/namespace.yaml            only when the network creates its namespace
/// k8s/configmaps.yaml           genesis, peers, Tessera and known-hosts ConfigMaps
/// k8s/disruption-budget.yaml    the validators' PodDisruptionBudget, when the network has local validators
/// k8s/secrets.yaml              every node's keys Secret: the only file with private keys, 0600
/// k8s/.gitignore                ignores secrets.yaml
/// k8s/networkpolicies.yaml      every node's NetworkPolicy, unless the script turns them off
/// k8s/nodes/<node>.yaml         a node's internal Service, external Service (if exposed), StatefulSet
/// k8s/monitoring.yaml           ServiceMonitors and Grafana dashboard ConfigMap, with `monitoring`
/// .qube-tree                    the files above, so the next render knows the tree is its own
/// ```
/// Files are 0644 except `secrets.yaml`; directories 0755. The tree always holds exactly the
/// current script's nodes: files of removed nodes disappear with the old tree.
///
/// The release before tree manifests wrote the same layout without `releases.json` and
/// `.qube-tree`; a manifest-less tree holding only those files (for this script's nodes, with
/// those modes) is adopted as qube's own, see ``TreeManifest``.
///
/// `out/<network>` stays a real directory. The new tree is written and fsynced beside it as
/// `.<network>.staging-<random>`, then exchanged with it in one atomic `renameat2(RENAME_EXCHANGE)`
/// under a lock on `.<network>.lock`, and the old tree is deleted. After a crash at any point
/// `out/<network>` is the old tree or the new one, never a mix, and the next render removes the
/// leftovers.
public enum RenderedTree {
    /// The files of the layout above that the last release writing no `.qube-tree` did not
    /// write yet (its `RenderedTree.write`, before `releases.json` and manifests came in).
    private static let addedSinceManifestlessRelease: Set<String> = [
        RenderedReleases.fileName, disruptionBudgetFile, networkPoliciesFile, monitoringFile,
    ]

    /// The file of the validators' PodDisruptionBudget, below `k8s/`.
    private static let disruptionBudgetFile = "k8s/disruption-budget.yaml"
    /// The file of the nodes' NetworkPolicies.
    private static let networkPoliciesFile = "k8s/networkpolicies.yaml"
    /// The file of the ServiceMonitors and the dashboard.
    private static let monitoringFile = "k8s/monitoring.yaml"

    /// Renders `input` into `directory` (normally `out/<network>`), replacing its previous content.
    ///
    /// Throws a ``ValidationError`` for input Kubernetes would refuse, a ``WriteGuard/Refusal``
    /// for a directory `writeGuard` does not let the network replace, or an
    /// ``AtomicFile/WriteError``; whichever, the previous tree stays as it was.
    /// `progress` hears, after each file is staged, how many of how many are.
    public static func write(
        _ input: RenderInput, to directory: URL, writeGuard: WriteGuard = WriteGuard(), progress: ((Int, Int) -> Void)? = nil
    ) throws -> RenderReport {
        try write(input, to: directory, writeGuard: writeGuard, progress: progress, beforeSwap: {})
    }

    /// ``write(_:to:writeGuard:progress:)`` with a hook that runs when the new tree is complete, before the swap.
    static func write(
        _ input: RenderInput, to directory: URL, writeGuard: WriteGuard = WriteGuard(), progress: ((Int, Int) -> Void)? = nil,
        beforeSwap: () throws -> Void
    ) throws -> RenderReport {
        let target = try writeGuard.tree(directory, for: input.spec.name)
        let manifests = try ManifestSet(input)
        // Contents are made as each file is staged, and each node's objects as its documents are
        // emitted, so neither the tree nor every node's objects are ever in memory as a whole.
        var files: [DirectoryReplacement.File] = []
        var objects: [RenderReport.Object] = []
        func add(_ path: String, permissions: mode_t = 0o644, _ contents: @escaping () -> Data) {
            files.append(DirectoryReplacement.File(path: path, permissions: permissions, contents: contents))
        }
        /// Adds a manifest whose objects `build` hands to its `emit` one at a time, in file order;
        /// their YAML goes to the staged file a piece at a time.
        func addManifest(_ path: String, permissions: mode_t = 0o644, _ build: @escaping (_ emit: (KubeObject) throws -> Void) throws -> Void) {
            files.append(
                DirectoryReplacement.File(path: path, permissions: permissions) { file in
                    var emitter = YAMLEmitter()
                    try build { object in
                        objects.append(RenderReport.Object(kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, file: path))
                        emitter.emitDocument(object.yamlNode)
                        if emitter.pendingByteCount >= StagedFile.pieceSize { try file.append(emitter.takeBytes()) }
                    }
                    try file.append(emitter.finishBytes())
                })
        }

        add(ChainFileNames.genesis) { input.genesis }
        add(ChainFileNames.staticNodes) { input.staticNodes }
        add(ChainFileNames.permissionedNodes) { input.permissionedNodes }
        add(RenderedReleases.fileName) { RenderedReleases(input.spec).data }
        for node in input.nodes {
            if let config = input.tesseraConfig(of: node) { add("tessera/" + TesseraConfig.fileName(of: node.spec.name)) { config } }
        }
        if let knownPeers = input.tesseraKnownPeersFile { add("tessera/" + TesseraTLS.knownPeersFileName) { knownPeers } }

        var resources: [String] = []
        if let namespace = manifests.namespace {
            addManifest("k8s/namespace.yaml") { emit in try emit(.namespace(namespace)) }
            resources.append("namespace.yaml")
        }
        addManifest("k8s/configmaps.yaml") { emit in
            try manifests.configMaps.forEach { try emit(.configMap($0)) }
            for node in input.nodes { try manifests.tesseraConfigMap(of: node).map { try emit(.configMap($0)) } }
        }
        addManifest("k8s/secrets.yaml", permissions: 0o600) { emit in
            for node in input.nodes { try emit(.secret(manifests.secret(of: node))) }
        }
        add("k8s/.gitignore") { Data("# Private keys: never commit.\nsecrets.yaml\n".utf8) }
        resources += ["configmaps.yaml", "secrets.yaml"]
        if let budget = manifests.disruptionBudget {
            addManifest(disruptionBudgetFile) { emit in try emit(.podDisruptionBudget(budget)) }
            resources.append(String(disruptionBudgetFile.dropFirst("k8s/".count)))
        }
        if NetworkPolicies.areRendered(for: input) {
            addManifest(networkPoliciesFile) { emit in
                for node in input.nodes { try emit(.networkPolicy(NetworkPolicies.policy(of: node, in: input))) }
            }
            resources.append(String(networkPoliciesFile.dropFirst("k8s/".count)))
        }
        for node in input.nodes {
            let path = "nodes/\(node.spec.name).yaml"
            addManifest("k8s/" + path) { emit in
                let workloads = manifests.workloads(of: node)
                try workloads.services.forEach { try emit(.service($0)) }
                try emit(.statefulSet(workloads.statefulSet))
            }
            resources.append(path)
        }
        if !manifests.monitoring.isEmpty {
            addManifest(monitoringFile) { emit in try manifests.monitoring.forEach(emit) }
            resources.append(String(monitoringFile.dropFirst("k8s/".count)))
        }
        let kustomization = YAMLNode.mapping([
            "apiVersion": YAMLNode.string("kustomize.config.k8s.io/v1beta1"),
            "kind": YAMLNode.string("Kustomization"),
            "resources": YAMLNode.strings(resources),
        ])
        add("k8s/kustomization.yaml") { Data(YAMLNode.documentBytes([kustomization])) }

        let legacyLayout = Dictionary(uniqueKeysWithValues: files.filter { !addedSinceManifestlessRelease.contains($0.path) }.map { ($0.path, $0.permissions) })
        let changes = try DirectoryReplacement(target: target, legacyLayout: legacyLayout).replace(with: files, progress: progress, beforeSwap: beforeSwap)
        return RenderReport(directory: directory, files: files.map(\.path), objects: objects, changes: changes)
    }
}
