/// The `app.kubernetes.io/*` labels on every object qube renders. All of them stay the same for
/// the life of a node, so selectors may use them; deploy's prune and destroy select by
/// ``partOfKey`` and ``managedByKey``.
public enum StandardLabels {
    /// The label naming the application.
    static let nameKey = "app.kubernetes.io/name"
    /// The label naming the node (or, on network-wide objects, the network).
    static let instanceKey = "app.kubernetes.io/instance"
    /// The label naming the network an object belongs to.
    public static let partOfKey = "app.kubernetes.io/part-of"
    /// The label naming the tool that manages an object.
    public static let managedByKey = "app.kubernetes.io/managed-by"

    /// The application label value of every object.
    static let application = "goquorum"
    /// The manager label value of every object.
    public static let manager = "qube"

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
        [nameKey: application, instanceKey: node, partOfKey: network]
    }

    /// The labels that select every pod of a network, and only qube's.
    static func networkPods(_ network: String) -> [String: String] {
        [nameKey: application, partOfKey: network, managedByKey: manager]
    }

    private static func labels(instance: String, network: String) -> [String: String] {
        [nameKey: application, instanceKey: instance, partOfKey: network, managedByKey: manager]
    }
}
