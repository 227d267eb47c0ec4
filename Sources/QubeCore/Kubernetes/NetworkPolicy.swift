/// A `networking.k8s.io/v1/NetworkPolicy` restricting the ingress of the pods it selects.
///
/// It lists `Ingress` as its only policy type: the selected pods accept exactly what its rules
/// admit, and their egress stays open (nodes dial other organisations' peers and the cluster
/// DNS).
public struct NetworkPolicy: Equatable, Sendable {
    /// Name, namespace and labels.
    public var metadata: ObjectMeta
    /// `matchLabels` of the pods the policy applies to.
    public var podSelector: [String: String]
    /// What the pods accept; anything no rule admits is refused.
    public var ingress: [Rule]

    /// Creates a policy.
    public init(metadata: ObjectMeta, podSelector: [String: String], ingress: [Rule]) {
        self.metadata = metadata
        self.podSelector = podSelector
        self.ingress = ingress
    }

    /// TCP ports admitted from some sources.
    public struct Rule: Equatable, Sendable {
        /// The TCP port numbers.
        public var ports: [Int]
        /// The pods admitted, or nil for every source, in the cluster or outside it.
        public var from: [PeerSelector]?

        /// Creates a rule.
        public init(ports: [Int], from: [PeerSelector]?) {
            self.ports = ports
            self.from = from
        }

        var yamlNode: YAMLNode {
            YAMLNode.mapping([
                "from": from.map { YAMLNode.sequence($0.map(NetworkPolicy.peerNode)) },
                "ports": YAMLNode.sequence(ports.map { YAMLNode.mapping(["protocol": YAMLNode.string("TCP"), "port": YAMLNode.int($0)]) }),
            ])
        }
    }

    /// A peer as Kubernetes spells it: `namespaceSelector` and/or `podSelector`, each with `matchLabels`.
    private static func peerNode(_ peer: PeerSelector) -> YAMLNode {
        YAMLNode.mapping([
            "namespaceSelector": peer.namespaceLabels.map(selectorNode),
            "podSelector": peer.podLabels.map(selectorNode),
        ])
    }

    /// A label selector; `{}` selects everything.
    static func selectorNode(_ labels: [String: String]) -> YAMLNode {
        labels.isEmpty ? YAMLNode.mapping([]) : YAMLNode.mapping(["matchLabels": YAMLNode.sortedMapping(labels)])
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "apiVersion": YAMLNode.string("networking.k8s.io/v1"),
            "kind": YAMLNode.string("NetworkPolicy"),
            "metadata": metadata.yamlNode,
            "spec": YAMLNode.mapping([
                "podSelector": Self.selectorNode(podSelector),
                "policyTypes": YAMLNode.strings(["Ingress"]),
                "ingress": YAMLNode.sequence(ingress.map(\.yamlNode)),
            ]),
        ])
    }
}
