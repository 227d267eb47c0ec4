/// A container probe: a TCP connect or an HTTP GET against a container port.
public struct Probe: Equatable, Sendable {
    /// What the kubelet checks.
    public enum Action: Equatable, Sendable {
        /// Succeeds when the port accepts a TCP connection.
        case tcpSocket(port: Int)
        /// Succeeds on an HTTP status from 200 to 399.
        case httpGet(path: String, port: Int)
    }

    /// The check the kubelet runs.
    public var action: Action
    /// Seconds after the container starts before the first check.
    public var initialDelaySeconds: Int
    /// Seconds between checks.
    public var periodSeconds: Int
    /// Seconds before a check counts as failed.
    public var timeoutSeconds: Int
    /// Consecutive failures before the probe fails.
    public var failureThreshold: Int

    /// Creates a probe running `action`.
    public init(_ action: Action, initialDelaySeconds: Int = 0, periodSeconds: Int = 10, timeoutSeconds: Int = 5, failureThreshold: Int = 3) {
        self.action = action
        self.initialDelaySeconds = initialDelaySeconds
        self.periodSeconds = periodSeconds
        self.timeoutSeconds = timeoutSeconds
        self.failureThreshold = failureThreshold
    }

    var yamlNode: YAMLNode {
        let check: (String, YAMLNode)
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
