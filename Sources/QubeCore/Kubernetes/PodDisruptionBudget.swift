/// A `policy/v1/PodDisruptionBudget` bounding how many of some pods a voluntary disruption (a
/// node drain, an eviction) may take down at once.
///
/// It selects pods by ``StandardLabels`` `app.kubernetes.io/instance` values, so it picks exactly
/// the pods it names without any label the pods do not already carry.
public struct PodDisruptionBudget: Equatable, Sendable {
    /// Name, namespace and labels.
    public var metadata: ObjectMeta
    /// The selected pods that may be unavailable at once.
    public var maxUnavailable: Int
    /// The `app.kubernetes.io/instance` label values of the selected pods, in order.
    public var instances: [String]

    /// Creates a budget over the pods whose instance label is one of `instances`.
    public init(metadata: ObjectMeta, maxUnavailable: Int, instances: [String]) {
        self.metadata = metadata
        self.maxUnavailable = maxUnavailable
        self.instances = instances
    }

    var yamlNode: YAMLNode {
        let expression = YAMLNode.mapping([
            "key": YAMLNode.string(StandardLabels.instanceKey),
            "operator": YAMLNode.string("In"),
            "values": YAMLNode.strings(instances),
        ])
        return YAMLNode.mapping([
            "apiVersion": YAMLNode.string("policy/v1"),
            "kind": YAMLNode.string("PodDisruptionBudget"),
            "metadata": metadata.yamlNode,
            "spec": YAMLNode.mapping([
                "maxUnavailable": YAMLNode.int(maxUnavailable),
                "selector": YAMLNode.mapping(["matchExpressions": YAMLNode.sequence([expression])]),
            ]),
        ])
    }
}
