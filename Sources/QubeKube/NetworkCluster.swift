import Foundation
import QubeCore
import QubeCrypto

/// One network's side of a cluster: deploys what render wrote, destroys what deploy applied,
/// and exports where other organisations reach the network's nodes.
///
/// The network is bound to `NetworkSpec.context`: nothing runs without one, `"current"` must be
/// said explicitly, and the context must be in the kubeconfig. Every kubectl call then names it.
public struct NetworkCluster: Sendable {
    /// The network as the script declared it.
    public let network: Network
    /// The cluster client; ``Kubectl`` in production.
    public let client: any KubeClient
    /// Receives progress lines (applied objects, rollout progress, diffs), as ``verbosity`` lets
    /// through: ``log(_:)``, ``warn(_:)`` and ``detail(_:)`` write to it.
    public let output: @Sendable (String) -> Void
    /// How much reaches ``output``: with `.quiet` only warnings; with `.normal` each phase's
    /// start and summary, what changed, diffs and the dry-run object list; with `.verbose` also
    /// each node's step (every wait, restart and vote cast) and kubectl's rollout lines.
    public var verbosity = Verbosity.normal
    /// Whether ``output`` is a terminal, where a phase's progress is one line redrawn in place
    /// (``PhaseProgress``) rather than its start line.
    public var isTerminal = false
    /// The local nodes' sealing addresses as their keys say, by node name: how votes and status
    /// place a node that is down (and cannot say its address) in the validator set.
    public var sealingAddresses: [String: EthereumAddress] = [:]
    /// How long deploy and vote wait between two looks at what they wait for: a node's console,
    /// the validators down before a restart, the validator set a vote changes.
    public var consensusPollInterval: Duration = .seconds(2)

    public init(network: Network, client: any KubeClient, log: @escaping @Sendable (String) -> Void) {
        self.network = network
        self.client = client
        self.output = log
    }

    /// Writes a line of progress or report, unless quiet.
    func log(_ line: String) {
        if verbosity != .quiet { output(line) }
    }

    /// Writes a warning, even when quiet.
    func warn(_ text: String) {
        output("warning: " + text)
    }

    /// Writes one node's step of a phase, only when verbose.
    func detail(_ line: String) {
        if verbosity == .verbose { output(line) }
    }

    /// Starts a phase of `total` nodes: on a terminal one live line headed `title` (unless
    /// verbose, whose per-node lines would break it), elsewhere `announcement`. Nil when quiet.
    func phase(_ title: String, announcement: String) -> PhaseProgress? {
        guard verbosity != .quiet else { return nil }
        let output = output
        return PhaseProgress(
            title: title, unit: "nodes", announcement: announcement, isTerminal: isTerminal && verbosity != .verbose, log: output)
    }

    /// The label selector that picks every object this network applied.
    public var selector: String {
        "\(StandardLabels.partOfKey)=\(network.spec.name),\(StandardLabels.managedByKey)=\(StandardLabels.manager)"
    }

    /// Resolves the network's context and namespace, refusing a network bound to no context
    /// or to one the kubeconfig does not know.
    public func target() throws(KubeError) -> KubeTarget {
        guard let wanted = network.spec.context, !wanted.isEmpty else { throw .noContext(network: network.spec.name) }
        let context = wanted == "current" ? try client.currentContext() : wanted
        let known = try client.contexts()
        guard known.contains(context) else { throw .unknownContext(context, known: known) }
        return KubeTarget(context: context, namespace: network.spec.namespace)
    }

    /// The objects the last deploy recorded in the inventory ConfigMap; empty when there is none.
    func inventory(in target: KubeTarget) throws(KubeError) -> Set<ObjectReference> {
        let name = ResourceNames.inventoryConfigMap(network.spec.name)
        let maps = try client.items(ConfigMapObject.self, .named([ObjectReference(kind: "ConfigMap", name: name)]), in: target)
        let lines = maps.first?.data?[Self.inventoryKey]?.split(separator: "\n") ?? []
        return Set(
            lines.compactMap { line in
                let parts = line.split(separator: "/")
                return parts.count == 2 ? ObjectReference(kind: String(parts[0]), name: String(parts[1])) : nil
            })
    }

    /// The inventory ConfigMap recording `objects`, as a YAML document opened by `---`.
    func inventoryManifest(_ objects: Set<ObjectReference>) -> String {
        let listed = objects.sorted().map { "\($0.kind)/\($0.name)" }.joined(separator: "\n") + "\n"
        let manifest = YAMLNode.mapping([
            "apiVersion": YAMLNode.string("v1"),
            "kind": YAMLNode.string("ConfigMap"),
            "metadata": YAMLNode.mapping([
                "name": YAMLNode.string(ResourceNames.inventoryConfigMap(network.spec.name)),
                "namespace": YAMLNode.string(network.spec.namespace),
                "labels": YAMLNode.mapping([
                    StandardLabels.managedByKey: YAMLNode.string(StandardLabels.manager),
                    StandardLabels.partOfKey: YAMLNode.string(network.spec.name),
                ]),
            ]),
            "data": YAMLNode.mapping([Self.inventoryKey: YAMLNode.string(listed)]),
        ])
        return YAMLNode.documents([manifest])
    }

    /// Those of `references` that still exist and carry this network's qube labels.
    func owned(_ references: some Collection<ObjectReference>, in target: KubeTarget) throws(KubeError) -> [ObjectReference] {
        guard !references.isEmpty else { return [] }
        let found = try client.items(ObjectIdentity.self, .named(references.sorted()), in: target)
        return found.filter { object in
            object.metadata.labels?[StandardLabels.partOfKey] == network.spec.name
                && object.metadata.labels?[StandardLabels.managedByKey] == StandardLabels.manager
        }
        .map { ObjectReference(kind: $0.kind, name: $0.metadata.name) }
        .sorted()
    }

    /// Kinds deploy never deletes on its own: volumes hold chain data, and deleting a Namespace
    /// deletes everything in it.
    static let neverPruned: Set<String> = ["PersistentVolumeClaim", "Namespace"]

    /// The inventory ConfigMap's data key.
    static let inventoryKey = "objects"
}
