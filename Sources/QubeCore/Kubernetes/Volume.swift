/// A pod volume backed by a Secret or a ConfigMap.
public struct Volume: Equatable, Sendable {
    /// Where the volume's files come from.
    public enum Source: Equatable, Sendable {
        /// Every key of a Secret, as files with `defaultMode` permissions.
        case secret(name: String, defaultMode: Int)
        /// The listed keys of a ConfigMap (every key when `keys` is empty), as files named after them.
        case configMap(name: String, keys: [String])
    }

    /// The name containers mount the volume by.
    public var name: String
    /// Where its files come from.
    public var source: Source

    /// Creates a volume.
    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }

    var yamlNode: YAMLNode {
        let source: (String, YAMLNode)
        switch self.source {
        case .secret(let secretName, let defaultMode):
            source = ("secret", YAMLNode.mapping(["secretName": YAMLNode.string(secretName), "defaultMode": YAMLNode.int(defaultMode)]))
        case .configMap(let configMapName, let keys):
            let items = keys.map { YAMLNode.mapping(["key": YAMLNode.string($0), "path": YAMLNode.string($0)]) }
            source = ("configMap", YAMLNode.mapping(["name": YAMLNode.string(configMapName), "items": items.isEmpty ? nil : YAMLNode.sequence(items)]))
        }
        return YAMLNode.mapping([("name", YAMLNode.string(name)), (source.0, source.1)])
    }
}
