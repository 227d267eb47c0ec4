/// A `v1/Service` selecting one node's pod.
public struct Service: Equatable, Sendable {
    /// Name, namespace, labels and annotations.
    public var metadata: ObjectMeta
    /// Type, selector and ports.
    public var spec: Spec

    /// Creates a Service.
    public init(metadata: ObjectMeta, spec: Spec) {
        self.metadata = metadata
        self.spec = spec
    }

    /// The Service's `spec`.
    public struct Spec: Equatable, Sendable {
        /// ClusterIP inside the cluster; NodePort or LoadBalancer to reach it from outside.
        public var type: Exposure.Kind
        /// The labels of the pod the Service forwards to.
        public var selector: [String: String]
        /// The ports the Service carries.
        public var ports: [Port]
        /// Whether pods that are not ready yet still get endpoints (peers must reach a starting node).
        public var publishNotReadyAddresses: Bool
        /// `Local` keeps the client's source address and avoids a second hop (LoadBalancer only).
        public var externalTrafficPolicy: String?
        /// The address asked of the cloud for a LoadBalancer, if any.
        public var loadBalancerIP: String?

        /// Creates a Service spec.
        public init(
            type: Exposure.Kind, selector: [String: String], ports: [Port], publishNotReadyAddresses: Bool = false,
            externalTrafficPolicy: String? = nil, loadBalancerIP: String? = nil
        ) {
            self.type = type
            self.selector = selector
            self.ports = ports
            self.publishNotReadyAddresses = publishNotReadyAddresses
            self.externalTrafficPolicy = externalTrafficPolicy
            self.loadBalancerIP = loadBalancerIP
        }
    }

    /// One TCP port of a Service, forwarded to the same port number on the pod.
    public struct Port: Equatable, Sendable {
        /// An IANA service name (at most 15 characters), shared with the container port.
        public var name: String
        /// The port number, on the Service and on the pod.
        public var port: Int
        /// A fixed NodePort, or nil to let the cluster choose one.
        public var nodePort: Int?

        /// Creates a TCP port.
        public init(name: String, port: Int, nodePort: Int? = nil) {
            self.name = name
            self.port = port
            self.nodePort = nodePort
        }

        var yamlNode: YAMLNode {
            YAMLNode.mapping([
                "name": YAMLNode.string(name),
                "protocol": YAMLNode.string("TCP"),
                "port": YAMLNode.int(port),
                "targetPort": YAMLNode.int(port),
                "nodePort": nodePort.map(YAMLNode.int),
            ])
        }
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "apiVersion": YAMLNode.string("v1"),
            "kind": YAMLNode.string("Service"),
            "metadata": metadata.yamlNode,
            "spec": YAMLNode.mapping([
                "type": YAMLNode.string(spec.type.rawValue),
                "selector": YAMLNode.sortedMapping(spec.selector),
                "ports": YAMLNode.sequence(spec.ports.map(\.yamlNode)),
                "publishNotReadyAddresses": spec.publishNotReadyAddresses ? YAMLNode.bool(true) : nil,
                "externalTrafficPolicy": spec.externalTrafficPolicy.map(YAMLNode.string),
                "loadBalancerIP": spec.loadBalancerIP.map(YAMLNode.string),
            ]),
        ])
    }
}
