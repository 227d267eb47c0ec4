/// A `v1/ConfigMap` of UTF-8 text files.
public struct ConfigMap: Equatable, Sendable {
    /// Name, namespace and labels.
    public var metadata: ObjectMeta
    /// File name → content.
    public var data: [String: String]

    /// Creates a ConfigMap holding `data`.
    public init(metadata: ObjectMeta, data: [String: String]) {
        self.metadata = metadata
        self.data = data
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "apiVersion": YAMLNode.string("v1"),
            "kind": YAMLNode.string("ConfigMap"),
            "metadata": metadata.yamlNode,
            "data": YAMLNode.sortedMapping(data),
        ])
    }
}
