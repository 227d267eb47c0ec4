/// A Prometheus Operator `monitoring.coreos.com/v1/ServiceMonitor`: scrape one named port of
/// the Services it selects, in one namespace.
public struct ServiceMonitor: Equatable, Sendable {
    /// Name, namespace and labels.
    public var metadata: ObjectMeta
    /// `matchLabels` of the Services to scrape; those without ``port`` give no target.
    public var selector: [String: String]
    /// The Service port's name.
    public var port: String
    /// The HTTP path of the metrics.
    public var path: String
    /// The scrape interval, as Prometheus spells a duration (`15s`).
    public var interval: String

    /// Creates a ServiceMonitor.
    public init(metadata: ObjectMeta, selector: [String: String], port: String, path: String, interval: String) {
        self.metadata = metadata
        self.selector = selector
        self.port = port
        self.path = path
        self.interval = interval
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "apiVersion": YAMLNode.string("monitoring.coreos.com/v1"),
            "kind": YAMLNode.string("ServiceMonitor"),
            "metadata": metadata.yamlNode,
            "spec": YAMLNode.mapping([
                "selector": NetworkPolicy.selectorNode(selector),
                "namespaceSelector": metadata.namespace.map { YAMLNode.mapping(["matchNames": YAMLNode.strings([$0])]) },
                "endpoints": YAMLNode.sequence([
                    YAMLNode.mapping([
                        "port": YAMLNode.string(port), "path": YAMLNode.string(path), "interval": YAMLNode.string(interval),
                        "scheme": YAMLNode.string("http"),
                    ])
                ]),
            ]),
        ])
    }
}
