/// The `metadata` of a Kubernetes object: its name, namespace, labels and annotations.
public struct ObjectMeta: Equatable, Sendable {
    /// The object's name, unique per kind in its namespace.
    public var name: String
    /// The namespace, or nil for cluster-scoped objects and templates.
    public var namespace: String?
    /// Identifying labels; selectors match on them.
    public var labels: [String: String]
    /// Non-identifying notes: config hash, source line, cloud settings.
    public var annotations: [String: String]

    /// Creates metadata; labels and annotations default to none.
    public init(name: String, namespace: String? = nil, labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "name": YAMLNode.string(name),
            "namespace": namespace.map(YAMLNode.string),
            "labels": YAMLNode.nonEmpty(labels),
            "annotations": YAMLNode.nonEmpty(annotations),
        ])
    }
}
