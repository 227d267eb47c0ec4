import Yams

/// A container probe: a TCP connect or an HTTP GET against a container port.
public struct Probe: Equatable, Sendable {
    /// What the kubelet checks.
    public enum Action: Equatable, Sendable {
        /// Succeeds when the port accepts a TCP connection.
        case tcpSocket(port: Int)
        /// Succeeds on an HTTP status from 200 to 399.
        case httpGet(path: String, port: Int)
    }

    public var action: Action
    public var initialDelaySeconds: Int
    public var periodSeconds: Int
    public var timeoutSeconds: Int
    public var failureThreshold: Int

    public init(_ action: Action, initialDelaySeconds: Int = 0, periodSeconds: Int = 10, timeoutSeconds: Int = 5, failureThreshold: Int = 3) {
        self.action = action
        self.initialDelaySeconds = initialDelaySeconds
        self.periodSeconds = periodSeconds
        self.timeoutSeconds = timeoutSeconds
        self.failureThreshold = failureThreshold
    }

    var yamlNode: Node {
        let check: (String, Node)
        switch action {
        case .tcpSocket(let port):
            check = ("tcpSocket", YAMLNode.mapping(["port": YAMLNode.int(port)]))
        case .httpGet(let path, let port):
            check = ("httpGet", YAMLNode.mapping(["path": YAMLNode.string(path), "port": YAMLNode.int(port)]))
        }
        return YAMLNode.mapping([
            (check.0, check.1),
            ("initialDelaySeconds", initialDelaySeconds > 0 ? YAMLNode.int(initialDelaySeconds) : nil),
            ("periodSeconds", YAMLNode.int(periodSeconds)),
            ("timeoutSeconds", YAMLNode.int(timeoutSeconds)),
            ("failureThreshold", YAMLNode.int(failureThreshold)),
        ])
    }
}
