/// The `app.kubernetes.io/*` labels on every object qube renders. All of them stay the same for
/// the life of a node, so selectors may use them.
enum StandardLabels {
    /// The application label value of every object.
    static let application = "goquorum"

    /// Labels of a node's objects: its StatefulSet, pod, Services, Secret, Tessera ConfigMap and
    /// volume.
    static func node(_ node: String, network: String) -> [String: String] {
        labels(instance: node, network: network)
    }

    /// Labels of network-wide objects: the Namespace and the genesis and peers ConfigMaps.
    static func network(_ network: String) -> [String: String] {
        labels(instance: network, network: network)
    }

    /// The labels that select a node's pod.
    static func selector(_ node: String, network: String) -> [String: String] {
        ["app.kubernetes.io/name": application, "app.kubernetes.io/instance": node, "app.kubernetes.io/part-of": network]
    }

    private static func labels(instance: String, network: String) -> [String: String] {
        [
            "app.kubernetes.io/name": application,
            "app.kubernetes.io/instance": instance,
            "app.kubernetes.io/part-of": network,
            "app.kubernetes.io/managed-by": "qube",
        ]
    }
}
