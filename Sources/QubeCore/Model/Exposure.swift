/// How a node's peer-to-peer ports are reached from outside its cluster.
public struct Exposure: Equatable, Sendable {
    /// The Kubernetes Service type of the external Service.
    public enum Kind: String, CaseIterable, Sendable {
        case clusterIP = "ClusterIP"
        case nodePort = "NodePort"
        case loadBalancer = "LoadBalancer"
    }

    public var kind: Kind
    /// The address other organisations dial for a NodePort service (`exportExternal` default).
    public var nodeIP: String?
    /// A fixed LoadBalancer IP, when the provider supports asking for one.
    public var loadBalancerIP: String?
    /// Annotations for the external Service (cloud load-balancer settings).
    public var annotations: [String: String]

    public init(kind: Kind = .clusterIP, nodeIP: String? = nil, loadBalancerIP: String? = nil, annotations: [String: String] = [:]) {
        self.kind = kind
        self.nodeIP = nodeIP
        self.loadBalancerIP = loadBalancerIP
        self.annotations = annotations
    }

    /// Whether nodes get a second, external Service.
    public var isExposed: Bool { kind != .clusterIP }
}
