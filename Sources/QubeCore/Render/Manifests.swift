import Foundation

/// Builds every Kubernetes object of a network: per network a Namespace (when the network creates
/// one) and ConfigMaps for genesis and peer lists; per node a Tessera config ConfigMap (when the
/// network runs Tessera), a Secret, an internal Service, an external Service when exposed, a
/// NetworkPolicy (unless turned off, ``NetworkPolicies``) and a StatefulSet; with `monitoring`, a
/// ServiceMonitor and a dashboard ConfigMap (``Monitoring``).
///
/// Objects come in apply order (Namespace, ConfigMaps, Secrets, Services, NetworkPolicies,
/// StatefulSets, then the monitoring objects), nodes in script order: a pod starts behind its
/// policy. Throws a ``ValidationError`` for inputs Kubernetes would refuse.
public func manifests(for input: RenderInput) throws -> [KubeObject] {
    try ManifestSet(input).objects
}

/// The objects of a network, grouped the way the rendered tree files them.
struct ManifestSet {
    var namespace: Namespace?
    var configMaps: [ConfigMap]
    var nodes: [NodeManifests]
    var networkPolicies: [NetworkPolicy]
    /// The ServiceMonitor and dashboard ConfigMap, with `monitoring`.
    var monitoring: [KubeObject]

    init(_ input: RenderInput) throws(ValidationError) {
        try input.validate()
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

        var shared = ConfigHash()
        shared.add(ChainFileNames.genesis, input.genesis)
        shared.add(ChainFileNames.staticNodes, input.staticNodes)
        shared.add(ChainFileNames.permissionedNodes, input.permissionedNodes)
        let sharedDigest = shared.digest
        nodes = input.nodes.map { NodeManifests($0, input: input, sharedConfigDigest: sharedDigest) }
        configMaps += nodes.compactMap(\.tesseraConfigMap)
        networkPolicies = NetworkPolicies.policies(for: input)
        monitoring =
            (Monitoring.serviceMonitor(for: input).map { [KubeObject.serviceMonitor($0)] } ?? [])
            + (Monitoring.dashboard(for: input).map { [KubeObject.configMap($0)] } ?? [])
    }

    /// Every object, in apply order.
    var objects: [KubeObject] {
        var objects = namespace.map { [KubeObject.namespace($0)] } ?? []
        objects += configMaps.map(KubeObject.configMap)
        objects += nodes.map { .secret($0.secret) }
        objects += nodes.flatMap { $0.services.map(KubeObject.service) }
        objects += networkPolicies.map(KubeObject.networkPolicy)
        objects += nodes.map { .statefulSet($0.statefulSet) }
        return objects + monitoring
    }
}
