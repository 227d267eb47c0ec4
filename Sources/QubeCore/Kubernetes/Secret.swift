import Foundation

/// A `v1/Secret` of type `Opaque`, its files written base64-encoded under `data`.
public struct Secret: Equatable, Sendable {
    /// Name, namespace and labels.
    public var metadata: ObjectMeta
    /// File name → content.
    public var data: [String: Data]

    /// Creates a Secret holding `data`.
    public init(metadata: ObjectMeta, data: [String: Data]) {
        self.metadata = metadata
        self.data = data
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "apiVersion": YAMLNode.string("v1"),
            "kind": YAMLNode.string("Secret"),
            "metadata": metadata.yamlNode,
            "type": YAMLNode.string("Opaque"),
            "data": YAMLNode.sortedMapping(data.mapValues { $0.base64EncodedString() }),
        ])
    }
}
