import QubeCore
import QubeCrypto

/// A running node's geth console: JavaScript evaluated by `geth attach --exec` over the node's
/// IPC socket, inside its quorum container (`kubectl exec`), so it reaches every API (`admin`,
/// `istanbul`, `clique`, `raft`) without any of them served over HTTP.
///
/// `geth attach` runs with `PRIVATE_CONFIG=ignore`: the container's own value names Tessera's
/// socket, and with Tessera down every geth command, `attach` included, panics before it reads a
/// flag (`Tests/Fixtures/geth/2.7.0/attach-private-config-missing-socket.txt`).
public struct GethConsole: Sendable {
    /// The cluster client.
    public let client: any KubeClient
    /// The node's context and namespace.
    public let target: KubeTarget
    /// The node's name, as the script declared it.
    public let node: String
    /// How long one evaluation may take.
    public let timeout: Duration

    public init(client: any KubeClient, target: KubeTarget, node: String, timeout: Duration = .seconds(30)) {
        self.client = client
        self.target = target
        self.node = node
        self.timeout = timeout
    }

    /// What kubectl says when a node's pod or quorum container is not there to exec into.
    static let podIsAbsent = [
        "(NotFound)", "does not have a host assigned", "unable to upgrade connection", "container not found", "is waiting to start",
        "cannot exec into a container in a completed pod", "container is not created or running",
    ]

    /// The argv that evaluates `expression` in the quorum container.
    public static func command(evaluating expression: String) -> [String] {
        ["env", "PRIVATE_CONFIG=ignore", "geth", "attach", "--exec", expression, PodPaths.gethIPC]
    }

    /// Evaluates `expression` and returns the value the console printed.
    public func evaluate(_ expression: String) throws(KubeError) -> ConsoleValue {
        let result: ExecResult
        do {
            result = try client.exec(
                Self.command(evaluating: expression), inPod: ResourceNames.pod(node), container: ResourceNames.quorumContainer,
                in: target, timeout: timeout)
        } catch {
            // No pod, a pod not yet scheduled, a container not running: the node is down.
            if case .rejected(let context, _, let detail) = error, Self.podIsAbsent.contains(where: detail.contains) {
                throw .consoleUnreachable(context: context, node: node, detail: detail)
            }
            throw error
        }
        guard result.status == 0 else {
            // `Fatal: Unable to attach to remote geth` (geth is not up) or a panic before attaching.
            let said = (result.stderr.isEmpty ? result.stdout : result.stderr).split(separator: "\n").first.map(String.init)
            throw .consoleUnreachable(context: target.context, node: node, detail: said ?? "exit status \(result.status)")
        }
        switch ConsoleValue.output(result.stdout) {
        case .value(let value):
            return value
        case .error(let message):
            throw .consoleRefused(context: target.context, node: node, expression: expression, message: message)
        case nil:
            throw .unreadableOutput(
                context: target.context, action: "geth attach on node '\(node)' (\(expression))",
                detail: String(result.stdout.prefix(200)))
        }
    }

    /// Evaluates `expression` and reads its value with `read`, failing with the expression and
    /// what it printed when the value has another shape.
    func evaluate<T>(_ expression: String, as shape: String, _ read: (ConsoleValue) -> T?) throws(KubeError) -> T {
        let value = try evaluate(expression)
        guard let typed = read(value) else {
            throw .unreadableOutput(
                context: target.context, action: "geth attach on node '\(node)' (\(expression))",
                detail: "expected \(shape), got \(value)")
        }
        return typed
    }

    /// `expression` with `arguments` as JavaScript string literals: `f("a", "b")`.
    static func call(_ function: String, _ arguments: String...) -> String {
        "\(function)(\(arguments.map(javaScriptString).joined(separator: ", ")))"
    }

    /// A JavaScript string literal of `text`, every character outside printable ASCII escaped.
    static func javaScriptString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case " "..."~": literal.unicodeScalars.append(scalar)
            default:
                for unit in String(scalar).utf16 { literal += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16) }
            }
        }
        return literal + "\""
    }
}

// MARK: - Chain state

extension GethConsole {
    /// The number of the node's latest block (`eth.blockNumber`).
    public func blockNumber() throws(KubeError) -> Int {
        try evaluate("eth.blockNumber", as: "a block number", \.int)
    }

    /// How many peers the node is connected to (`net.peerCount`).
    public func peerCount() throws(KubeError) -> Int {
        try evaluate("net.peerCount", as: "a peer count", \.int)
    }

    /// Whether the node is still catching up with the chain (`eth.syncing` is an object then).
    public func isSyncing() throws(KubeError) -> Bool {
        try evaluate("eth.syncing", as: "false or a sync status") { value in
            value == .bool(false) ? false : value.object == nil ? nil : true
        }
    }

    /// Asks the node to connect to `enode` (`admin.addPeer`); geth answers `true` at once, and
    /// connects later, and only to a node its permissioned list admits.
    public func addPeer(_ enode: EnodeURL) throws(KubeError) {
        _ = try evaluate(Self.call("admin.addPeer", enode.description), as: "true", \.bool)
    }

    /// Asks the node to drop `enode` and forget it as a static peer (`admin.removePeer`).
    public func removePeer(_ enode: EnodeURL) throws(KubeError) {
        _ = try evaluate(Self.call("admin.removePeer", enode.description), as: "true", \.bool)
    }

    /// The node ids of the node's connected peers (`admin.peers`).
    public func peerIDs() throws(KubeError) -> Set<String> {
        try evaluate("admin.peers", as: "a list of peers") { value in
            value.array.flatMap { peers in
                let ids = peers.compactMap { peer in peer["enode"]?.string.flatMap { try? EnodeURL(parsing: $0).nodeID } }
                return ids.count == peers.count ? Set(ids) : nil
            }
        }
    }
}

// MARK: - Validator votes (IBFT, QBFT, clique)

extension GethConsole {
    /// The console namespace of a consensus's votes: QBFT keeps IBFT's `istanbul` API.
    static func votingAPI(_ consensus: Consensus) -> (validators: String, proposals: String, namespace: String)? {
        switch consensus {
        case .istanbul, .qbft: ("istanbul.getValidators()", "istanbul.candidates", "istanbul")
        case .clique: ("clique.getSigners()", "clique.proposals", "clique")
        case .raft: nil
        }
    }

    /// The chain's current validator (or clique signer) set, as this node sees it at its head.
    public func validators(_ consensus: Consensus) throws(KubeError) -> [EthereumAddress] {
        guard let api = Self.votingAPI(consensus) else { return [] }
        return try evaluate(api.validators, as: "a list of addresses") { value in
            value.array.flatMap { elements in
                let addresses = elements.compactMap { $0.string.flatMap { try? EthereumAddress(validating: $0) } }
                return addresses.count == elements.count ? addresses : nil
            }
        }
    }

    /// The votes this node proposes in the blocks it seals: address → `true` to add, `false` to
    /// remove (`istanbul.candidates`, `clique.proposals`).
    public func proposals(_ consensus: Consensus) throws(KubeError) -> [EthereumAddress: Bool] {
        guard let api = Self.votingAPI(consensus) else { return [:] }
        return try evaluate(api.proposals, as: "an object of address: true/false") { value in
            value.object.flatMap { properties in
                var proposals: [EthereumAddress: Bool] = [:]
                for (key, vote) in properties {
                    guard let address = try? EthereumAddress(validating: key), let authorize = vote.bool else { return nil }
                    proposals[address] = authorize
                }
                return proposals
            }
        }
    }

    /// Casts this node's vote to add (`authorize`) or remove `address`; the vote counts once
    /// the node seals a block carrying it.
    public func propose(_ address: EthereumAddress, authorize: Bool, _ consensus: Consensus) throws(KubeError) {
        guard let api = Self.votingAPI(consensus) else { return }
        let expression = "\(api.namespace).propose(\(Self.javaScriptString("0x" + address.lowercaseHex)), \(authorize))"
        _ = try evaluate(expression, as: "null") { $0 == .null ? () : nil }
    }

    /// Withdraws this node's vote on `address`.
    public func discard(_ address: EthereumAddress, _ consensus: Consensus) throws(KubeError) {
        guard let api = Self.votingAPI(consensus) else { return }
        _ = try evaluate(Self.call("\(api.namespace).discard", "0x" + address.lowercaseHex), as: "null") { $0 == .null ? () : nil }
    }
}

// MARK: - Raft membership

/// One member of a raft cluster as `raft.cluster` lists it.
public struct RaftMember: Equatable, Sendable {
    public var raftID: Int
    public var nodeID: String
    public var hostname: String
    public var p2pPort: Int
    public var raftPort: Int
    /// `minter`, `verifier` or `learner`.
    public var role: String
    /// Whether the member is connected (members added but never started count towards the majority).
    public var isActive: Bool
}

extension GethConsole {
    /// The raft cluster's members (`raft.cluster`).
    public func raftCluster() throws(KubeError) -> [RaftMember] {
        try evaluate("raft.cluster", as: "a list of raft members") { value in
            value.array.flatMap { members in
                let read = members.compactMap { member -> RaftMember? in
                    guard let id = member["raftId"]?.int, let nodeID = member["nodeId"]?.string,
                        let host = member["hostname"]?.string, let p2p = member["p2pPort"]?.int,
                        let raft = member["raftPort"]?.int, let role = member["role"]?.string,
                        let active = member["nodeActive"]?.bool
                    else { return nil }
                    return RaftMember(raftID: id, nodeID: nodeID, hostname: host, p2pPort: p2p, raftPort: raft, role: role, isActive: active)
                }
                return read.count == members.count ? read : nil
            }
        }
    }

    /// Adds `enode` (which must carry its `raftport`) to the raft cluster as a peer, or as a
    /// learner, and returns the raft ID it gets; the node then starts with `--raftjoinexisting <id>`.
    public func raftAdd(_ enode: EnodeURL, asLearner: Bool = false) throws(KubeError) -> Int {
        try evaluate(Self.call(asLearner ? "raft.addLearner" : "raft.addPeer", enode.description), as: "a raft ID", \.int)
    }

    /// Removes the member with `raftID` from the raft cluster (an ID already removed is no error).
    public func raftRemove(_ raftID: Int) throws(KubeError) {
        _ = try evaluate("raft.removePeer(\(raftID))", as: "null") { $0 == .null ? () : nil }
    }

    /// Promotes the learner with `raftID` to a voting peer.
    public func raftPromote(_ raftID: Int) throws(KubeError) {
        _ = try evaluate("raft.promoteToPeer(\(raftID))", as: "true") { $0 == .bool(true) ? () : nil }
    }

    /// This node's raft role: `minter`, `verifier` or `learner` (`raft.role`).
    public func raftRole() throws(KubeError) -> String {
        try evaluate("raft.role", as: "a raft role", \.string)
    }
}
