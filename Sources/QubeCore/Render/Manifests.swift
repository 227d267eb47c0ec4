import Foundation
import QubeCrypto

/// Builds every Kubernetes object of a network: per network a Namespace (when the network creates
/// one) and ConfigMaps for genesis, peer lists and, with Tessera TLS, the known-hosts file; per
/// node a Tessera config ConfigMap (when the network runs Tessera), a Secret, an internal
/// Service, an external Service when exposed, a NetworkPolicy (unless turned off,
/// ``NetworkPolicies``) and a StatefulSet; a PodDisruptionBudget over the local validators when
/// the network has any; with `monitoring`, ServiceMonitors and a dashboard ConfigMap
/// (``Monitoring``).
///
/// Objects come in apply order (Namespace, ConfigMaps, PodDisruptionBudget, Secrets, Services,
/// NetworkPolicies, StatefulSets, then the monitoring objects), nodes in script order: a pod starts
/// behind its policy. Throws a ``ValidationError`` for inputs Kubernetes would refuse.
public func manifests(for input: RenderInput) throws -> [KubeObject] {
    try ManifestSet(input).objects
}

/// The objects of a network, grouped the way the rendered tree files them.
///
/// The network's own objects are built at once; each node's are built when asked for, so a
/// render can emit them one node at a time and never hold every node's objects at once.
struct ManifestSet {
    /// What the objects are built from.
    let input: RenderInput
    var namespace: Namespace?
    /// The genesis and peers ConfigMaps, and the known-peers one with Tessera TLS.
    var configMaps: [ConfigMap]
    /// Bounds how many of the local validators a drain may take down: the chain's fault
    /// tolerance over its genesis validator set (which counts other organisations' validators).
    var disruptionBudget: PodDisruptionBudget?
    /// The ServiceMonitors and dashboard ConfigMap, with `monitoring`.
    var monitoring: [KubeObject]
    /// ``ConfigHash`` of the files every node reads and needs a restart to re-read.
    private let sharedConfigDigest: Data

    init(_ input: RenderInput) throws(ValidationError) {
        try input.validate()
        self.input = input
        let spec = input.spec
        let labels = StandardLabels.network(spec.name)
        func metadata(_ name: String) -> ObjectMeta { ObjectMeta(name: name, namespace: spec.namespace, labels: labels) }
        func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

        namespace =
            spec.createsNamespace
            ? Namespace(
                metadata: ObjectMeta(
                    name: spec.namespace,
                    labels: labels.merging(["pod-security.kubernetes.io/enforce": "restricted"]) { a, _ in a }))
            : nil
        configMaps = [
            ConfigMap(metadata: metadata(ResourceNames.genesisConfigMap(spec.name)), data: [ChainFileNames.genesis: text(input.genesis)]),
            ConfigMap(
                metadata: metadata(ResourceNames.peersConfigMap(spec.name)),
                data: [
                    ChainFileNames.staticNodes: text(input.staticNodes),
                    ChainFileNames.permissionedNodes: text(input.permissionedNodes),
                ]),
        ]
        if let knownPeers = input.tesseraKnownPeersFile {
            configMaps.append(
                ConfigMap(metadata: metadata(ResourceNames.tesseraKnownPeersConfigMap(spec.name)), data: [TesseraTLS.knownPeersFileName: text(knownPeers)]))
        }

        // The peer lists are left out: a running node reads permissioned-nodes.json live from the
        // peers ConfigMap and takes static peers through admin.addPeer, so a peer change restarts
        // nothing (the init script links and copies them on each start). So is Tessera TLS's
        // known-peers file: the tessera container restarts itself when it changes
        // (TesseraTrustReload), so another organisation's node joining or leaving rolls no pod.
        var shared = ConfigHash()
        shared.add(ChainFileNames.genesis, input.genesis)
        sharedConfigDigest = shared.digest
        monitoring =
            Monitoring.serviceMonitors(for: input).map(KubeObject.serviceMonitor)
            + (Monitoring.dashboard(for: input).map { [KubeObject.configMap($0)] } ?? [])
        disruptionBudget = try Self.disruptionBudget(input, metadata: metadata(ResourceNames.validatorsDisruptionBudget(spec.name)))
    }

    /// The node's Tessera config ConfigMap, or nil when the network runs without Tessera.
    func tesseraConfigMap(of node: RenderNode) -> ConfigMap? {
        NodeManifests.tesseraConfigMap(of: node, input: input)
    }

    /// The node's keys Secret.
    func secret(of node: RenderNode) -> Secret {
        NodeManifests.secret(of: node, input: input)
    }

    /// The node's Services and StatefulSet.
    func workloads(of node: RenderNode) -> NodeManifests {
        NodeManifests(node, input: input, sharedConfigDigest: sharedConfigDigest)
    }

    /// Every node's NetworkPolicy; empty when the script turns them off.
    var networkPolicies: [NetworkPolicy] { NetworkPolicies.policies(for: input) }

    /// The budget over the pods of the local nodes that take part in consensus, or nil when the
    /// network has none: validators for IBFT, QBFT and clique, bounded by the genesis set's
    /// ``Consensus/faultTolerance(validators:)``; for raft every node but learners, bounded by the
    /// raft cluster's voting members, local and other organisations' (``RenderInput/externalRaftVoters``).
    private static func disruptionBudget(_ input: RenderInput, metadata: ObjectMeta) throws(ValidationError) -> PodDisruptionBudget? {
        let consensus = input.spec.consensus
        guard consensus.hasValidators else {
            let voters = input.nodes.filter { !$0.spec.isRaftLearner }.map { ResourceNames.statefulSet($0.spec.name) }
            guard !voters.isEmpty else { return nil }
            return PodDisruptionBudget(
                metadata: metadata, maxUnavailable: consensus.faultTolerance(validators: voters.count + input.externalRaftVoters),
                instances: voters)
        }
        let validators = input.nodes.filter(\.spec.isValidator).map { ResourceNames.statefulSet($0.spec.name) }
        guard !validators.isEmpty else { return nil }
        guard let extraData = Self.extraData(of: input.genesis), extraData.hasPrefix("0x"),
            let bytes = try? Hex.decode(extraData.dropFirst(2)), let chainValidators = try? ExtraData.validators(in: bytes, for: consensus)
        else {
            throw ValidationError(field: ChainFileNames.genesis, "has no extraData naming the chain's validators, which bound the validators' PodDisruptionBudget")
        }
        return PodDisruptionBudget(
            metadata: metadata, maxUnavailable: consensus.faultTolerance(validators: chainValidators.count), instances: validators)
    }

    /// The genesis' `extraData`. The genesis is qube's own or was validated on import
    /// (ImportedGenesis), so it is read as a ``ChainJSON`` (a fraction of the memory
    /// `JSONSerialization` takes for a genesis of 1000 validators), or through Foundation when it holds
    /// what a ``ChainJSON`` cannot (a null, a fraction).
    private static func extraData(of genesis: Data) -> String? {
        if let value = ChainJSON(reading: genesis) {
            guard case .object(let members) = value, case .string(let extraData) = members["extraData"] else { return nil }
            return extraData
        }
        return (try? JSONSerialization.jsonObject(with: genesis) as? [String: Any])?["extraData"] as? String
    }

    /// Every object, in apply order.
    var objects: [KubeObject] {
        var objects = namespace.map { [KubeObject.namespace($0)] } ?? []
        objects += configMaps.map(KubeObject.configMap)
        objects += input.nodes.compactMap(tesseraConfigMap(of:)).map(KubeObject.configMap)
        if let disruptionBudget { objects.append(.podDisruptionBudget(disruptionBudget)) }
        objects += input.nodes.map { .secret(secret(of: $0)) }
        let workloads = input.nodes.map(workloads(of:))
        objects += workloads.flatMap { $0.services.map(KubeObject.service) }
        objects += networkPolicies.map(KubeObject.networkPolicy)
        objects += workloads.map { .statefulSet($0.statefulSet) }
        return objects + monitoring
    }
}
