/// The network-wide settings of a `network{}` call.
public struct NetworkSpec: Equatable, Sendable {
    /// DNS-1123 label: the default namespace, the `part-of` label and the output directory.
    public var name: String
    public var consensus: Consensus
    public var chainID: Int
    /// The GoQuorum image tag.
    public var quorumVersion: SemanticVersion
    /// The Tessera image tag, or nil when the network runs without a privacy manager.
    public var tesseraVersion: SemanticVersion?
    /// The kube context the network may touch; `"current"` accepts whatever is current.
    public var context: String?
    public var namespace: String
    /// Whether render emits a Namespace object.
    public var createsNamespace: Bool
    public var expose: Exposure
    /// Block period in seconds for IBFT, QBFT and clique.
    public var blockPeriod: Int
    /// Wei funded to every local node's account in a new genesis, as a decimal string.
    public var accountBalance: String
    /// Whether render emits a NetworkPolicy per node admitting only the peers ``NetworkPolicies``
    /// lists.
    public var networkPolicy: Bool
    /// Pods outside the network that may reach the nodes' RPC, WebSocket and Tessera
    /// third-party ports, besides the network's own pods.
    public var rpcFrom: PeerSelector?
    /// Whether render emits Prometheus Operator monitors and a Grafana dashboard.
    public var monitoring: Bool
    /// Pods that may scrape the nodes' metrics port: ``PeerSelector/prometheus`` unless the
    /// script says otherwise.
    public var metricsFrom: PeerSelector
    /// The script's `tesseraTls`: whether Tessera P2P runs over TLS (``TesseraTLS``); nil leaves
    /// it to ``Network/usesTesseraTLS``'s default.
    public var tesseraTLS: Bool?

    public init(
        name: String, consensus: Consensus = .istanbul, chainID: Int = 1000,
        quorumVersion: SemanticVersion = SemanticVersion(2, 7, 0),
        tesseraVersion: SemanticVersion? = SemanticVersion(0, 10, 6),
        context: String? = nil, namespace: String? = nil, createsNamespace: Bool = true,
        expose: Exposure = Exposure(), blockPeriod: Int = 1,
        accountBalance: String = "1000000000000000000000000000", networkPolicy: Bool = true, rpcFrom: PeerSelector? = nil,
        monitoring: Bool = false, metricsFrom: PeerSelector = .prometheus, tesseraTLS: Bool? = nil
    ) {
        self.name = name
        self.consensus = consensus
        self.chainID = chainID
        self.quorumVersion = quorumVersion
        self.tesseraVersion = tesseraVersion
        self.context = context
        self.namespace = namespace ?? name
        self.createsNamespace = createsNamespace
        self.expose = expose
        self.blockPeriod = blockPeriod
        self.accountBalance = accountBalance
        self.networkPolicy = networkPolicy
        self.rpcFrom = rpcFrom
        self.monitoring = monitoring
        self.metricsFrom = metricsFrom
        self.tesseraTLS = tesseraTLS
    }

    /// Whether nodes run Tessera beside geth.
    public var hasTessera: Bool { tesseraVersion != nil }

    /// The exposure that applies to `node`: its own, else the network's.
    public func exposure(of node: NodeSpec) -> Exposure { node.expose ?? expose }
}
