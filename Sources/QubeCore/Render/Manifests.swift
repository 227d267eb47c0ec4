import Foundation

/// Builds every Kubernetes object of a network: per network a Namespace (when the network creates
/// one) and ConfigMaps for genesis and peer lists; per node a Tessera config ConfigMap (when the
/// network runs Tessera), a Secret, an internal Service, an external Service when exposed, and a
/// StatefulSet.
///
/// Objects come in apply order (Namespace, ConfigMaps, Secrets, Services, StatefulSets), nodes
/// in script order. Throws a ``ValidationError`` for inputs Kubernetes would refuse.
public func manifests(for input: RenderInput) throws -> [KubeObject] {
    try ManifestSet(input).objects
}

/// The objects of a network, grouped the way the rendered tree files them.
struct ManifestSet {
    var namespace: Namespace?
    var configMaps: [ConfigMap]
    var nodes: [NodeManifests]

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
    }

    /// Every object, in apply order.
    var objects: [KubeObject] {
        var objects = namespace.map { [KubeObject.namespace($0)] } ?? []
        objects += configMaps.map(KubeObject.configMap)
        objects += nodes.map { .secret($0.secret) }
        objects += nodes.flatMap { $0.services.map(KubeObject.service) }
        objects += nodes.map { .statefulSet($0.statefulSet) }
        return objects
    }
}
