/// A `v1/Namespace`.
public struct Namespace: Equatable, Sendable {
    /// Its name in `metadata`; a Namespace has no namespace of its own.
    public var metadata: ObjectMeta

    /// Creates a Namespace.
    public init(metadata: ObjectMeta) {
        self.metadata = metadata
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "apiVersion": YAMLNode.string("v1"),
            "kind": YAMLNode.string("Namespace"),
            "metadata": metadata.yamlNode,
        ])
    }
}
