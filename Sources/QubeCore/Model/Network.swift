/// One network: its settings, the nodes it runs and the other organisations' nodes it peers with.
///
/// Pure model: building it touches no disk and no cluster. Every mutation validates and throws a
/// ``ValidationError`` naming the field at fault, leaving the network unchanged.
public struct Network: Sendable {
    public private(set) var spec: NetworkSpec
    public private(set) var nodes: [NodeSpec] = []
    public private(set) var externalNodes: [ExternalNode] = []
    /// The Tessera P2P addresses the cluster assigned to exposed nodes, as exportExternal
    /// recorded them, by node name (``tesseraAddress(of:)``).
    public private(set) var recordedTesseraAddresses: [String: HostPort] = [:]
    /// The names and key directories of `nodes`, so adding a node stays O(1) at thousands of nodes.
    private var nodeNames: Set<String> = []
    private var keyDirectories: Set<String> = []
    /// The index in `externalNodes` of each external node, by name, so importing thousands
    /// of records stays linear.
    private var externalIndex: [String: Int] = [:]
    /// The index in `nodes` of the node taking each NodePort.
    private var nodePortHolders: [Int: Int] = [:]
    /// How many of `nodes` are exposed to other organisations, and how many of those at an
    /// address the script does not fix (``usesTesseraTLS``, asked once per node, stays O(1)).
    private(set) var exposedNodeCount = 0
    private(set) var exposedNodesWithoutScriptAddress = 0

    /// Validates `spec` and starts a network with no nodes.
    public init(_ spec: NetworkSpec) throws(ValidationError) {
        try Names.checkDNSLabel(spec.name, field: "name")
        try Names.checkDNSLabel(spec.namespace, field: "namespace")
        guard spec.chainID > 0 else { throw ValidationError(field: "chainId", "must be a positive integer, got \(spec.chainID)") }
        guard ExternalNode.blockPeriods.contains(spec.blockPeriod) else {
            throw ValidationError(field: "blockPeriod", "must be from 1 to 3600 seconds, got \(spec.blockPeriod)")
        }
        guard !spec.accountBalance.isEmpty, spec.accountBalance.count <= 78, spec.accountBalance.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(field: "accountBalance", "must be a decimal number of wei")
        }
        try spec.checkContext()
        try spec.expose.checkSettings()
        try spec.rpcFrom?.check(field: "rpcFrom")
        if spec.rpcFrom != nil, !spec.networkPolicy {
            throw ValidationError(
                field: "rpcFrom",
                "admits pods through the nodes' NetworkPolicies, which networkPolicy = false turns off (RPC would be open to every pod); drop one of them")
        }
        try spec.metricsFrom.check(field: "metricsFrom")
        if spec.tesseraTLS == true, !spec.hasTessera {
            throw ValidationError(field: "tesseraTls", "is for Tessera P2P, but network '\(spec.name)' runs without Tessera (tessera = false)")
        }
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
        if spec.consensus != .raft {
            if node.raftNodePort != nil { throw ValidationError(field: "raftNodePort", "is for raft networks; network '\(spec.name)' runs \(spec.consensus.rawValue)") }
            if node.isRaftLearner { throw ValidationError(field: "raftLearner", "is for raft networks; network '\(spec.name)' runs \(spec.consensus.rawValue)") }
        }
        let fixedPorts = node.fixedNodePorts
        for (field, port) in fixedPorts {
            guard let port else { continue }
            guard (30000...32767).contains(port) else {
                throw ValidationError(field: field, "must be in the NodePort range 30000-32767, got \(port)")
            }
            if let holder = nodePortHolders[port] {
                let first = nodes[holder]
                throw ValidationError(
                    field: field, "NodePort \(port) is already taken by node '\(first.name)'\(first.origin)")
            }
        }
        for (index, (field, port)) in fixedPorts.enumerated() {
            guard let port, let first = fixedPorts[..<index].first(where: { $0.port == port }) else { continue }
            throw ValidationError(field: field, "is \(port), the node's \(first.field) too; each NodePort carries one service")
        }
        try node.checkSettings()
        if spec.consensus == .clique, node.unlockAccount == false {
            throw ValidationError(
                field: "unlockAccount",
                "must stay true in a clique network: clique seals blocks with the node's account, which geth can only sign with unlocked (its RPC stays behind the network's NetworkPolicy)")
        }
        for port in fixedPorts.compactMap(\.port) { nodePortHolders[port] = nodes.count }
        nodes.append(node)
        if spec.exposure(of: node).isExposed {
            exposedNodeCount += 1
            if scriptTesseraEndpoint(of: node) == nil { exposedNodesWithoutScriptAddress += 1 }
        }
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
    ///
    /// A raft network refuses a node whose enode URL has no `raftport` (GoQuorum refuses it in
    /// `raft.addPeer` and in static-nodes.json), and an IBFT network one whose chain has another
    /// block period (``ExternalNode/blockPeriod``).
    public mutating func addExternal(_ node: ExternalNode) throws(ValidationError) {
        if spec.consensus == .raft, node.enode.raftPort == nil {
            throw ValidationError(
                field: "Enode_Url",
                "node '\(node.name)' has no raftport in its enode URL; network '\(spec.name)' runs raft, whose members are reached "
                    + "at the raft port the URL names (enode://...?discport=0&raftport=PORT)")
        }
        if spec.consensus == .istanbul, let period = node.blockPeriod, period != spec.blockPeriod {
            throw ValidationError(
                field: "Istanbul_Block_Period",
                "node '\(node.name)' runs an IBFT chain with a \(period) s block period, but network '\(spec.name)' has blockPeriod "
                    + "\(spec.blockPeriod); its validators would reject each other's blocks: set blockPeriod = \(period) in network{}")
        }
        if let index = externalIndex[node.name] {
            externalNodes[index] = node
        } else {
            externalIndex[node.name] = externalNodes.count
            externalNodes.append(node)
        }
    }

    /// Adopts the Tessera addresses exportExternal recorded; render advertises them from then on.
    public mutating func adoptRecordedTesseraAddresses(_ addresses: [String: HostPort]) {
        recordedTesseraAddresses.merge(addresses) { _, new in new }
    }
}
