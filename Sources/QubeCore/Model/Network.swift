/// One network: its settings, the nodes it runs and the other organisations' nodes it peers with.
///
/// Pure model: building it touches no disk and no cluster. Every mutation validates and throws a
/// ``ValidationError`` naming the field at fault, leaving the network unchanged.
public struct Network: Sendable {
    public private(set) var spec: NetworkSpec
    public private(set) var nodes: [NodeSpec] = []
    public private(set) var externalNodes: [ExternalNode] = []
    /// The names and key directories of `nodes`, so adding a node stays O(1) at thousands of nodes.
    private var nodeNames: Set<String> = []
    private var keyDirectories: Set<String> = []

    /// Validates `spec` and starts a network with no nodes.
    public init(_ spec: NetworkSpec) throws(ValidationError) {
        try Names.checkDNSLabel(spec.name, field: "name")
        try Names.checkDNSLabel(spec.namespace, field: "namespace")
        guard spec.chainID > 0 else { throw ValidationError(field: "chainId", "must be a positive integer, got \(spec.chainID)") }
        guard (1...3600).contains(spec.blockPeriod) else {
            throw ValidationError(field: "blockPeriod", "must be from 1 to 3600 seconds, got \(spec.blockPeriod)")
        }
        guard !spec.accountBalance.isEmpty, spec.accountBalance.count <= 78, spec.accountBalance.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(field: "accountBalance", "must be a decimal number of wei")
        }
        try spec.checkContext()
        try spec.expose.checkSettings()
        self.spec = spec
    }

    /// Adds a node, refusing a bad or duplicate name and a key directory another node uses.
    public mutating func addNode(_ node: NodeSpec) throws(ValidationError) {
        try Names.checkDNSLabel(node.name, field: "name", maxLength: 52)
        guard !nodeNames.contains(node.name) else {
            throw ValidationError(field: "name", "a node named '\(node.name)' is already in network '\(spec.name)'")
        }
        try Names.checkDNSLabel(node.keyDirectory, field: "keyDir")
        guard !keyDirectories.contains(node.keyDirectory) else {
            throw ValidationError(field: "keyDir", "key directory '\(node.keyDirectory)' is already used by another node")
        }
        for (field, port) in [("nodePort", node.p2pNodePort), ("tmNodePort", node.tesseraNodePort)] {
            if let port, !(30000...32767).contains(port) {
                throw ValidationError(field: field, "must be in the NodePort range 30000-32767, got \(port)")
            }
        }
        try node.checkSettings()
        nodes.append(node)
        nodeNames.insert(node.name)
        keyDirectories.insert(node.keyDirectory)
    }

    /// Adds another organisation's node; a record with a name already present replaces it,
    /// so re-importing an updated exchange file converges.
    ///
    /// The name may also be a local node's: each organisation names its own nodes, and qctl names
    /// every organisation's `quorum-node1`, `quorum-node2`, ... (in the Qubernetes multi-cluster
    /// design, B runs quorum-node1 and quorum-node2 and peers with A's quorum-node1 to 3). Only
    /// messages show an external node's name, always as an external node's.
    public mutating func addExternal(_ node: ExternalNode) {
        if let index = externalNodes.firstIndex(where: { $0.name == node.name }) {
            externalNodes[index] = node
        } else {
            externalNodes.append(node)
        }
    }

    /// The exposure that applies to `node`: its own, else the network's.
    public func exposure(of node: NodeSpec) -> Exposure { node.expose ?? spec.expose }
}
