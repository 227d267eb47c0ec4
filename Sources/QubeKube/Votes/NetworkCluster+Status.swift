import QubeCore
import QubeCrypto

/// A network's nodes and chain as their consoles report them (`net:status()`).
public struct NetworkStatus: Equatable, Sendable {
    /// One local node.
    public struct Node: Equatable, Sendable {
        public var name: String
        /// Whether its geth answers on its console; the other facts are nil when it does not.
        public var ready: Bool
        /// Why it is down: what the console attempt printed.
        public var downReason: String?
        public var blockNumber: Int?
        public var peers: Int?
        /// Whether its address is in the current validator set (nil for raft, or while down).
        public var validator: Bool?
        public var syncing: Bool?
    }

    /// The chain's validator set as the first answering node sees it.
    public struct Chain: Equatable, Sendable {
        public var validators: [EthereumAddress]
        /// The validators of this network whose consoles answer.
        public var live: [EthereumAddress]
        /// The validators of this network whose consoles do not answer.
        public var down: [EthereumAddress]
        /// The validators of other organisations, whose consoles qube cannot reach.
        public var remote: [EthereumAddress]
        /// The votes that change the set: ⌊n/2⌋+1.
        public var majorityNeeded: Int
        /// The validators that must be up for the chain to seal blocks.
        public var sealingQuorum: Int
    }

    public var network: String
    public var nodes: [Node]
    /// Nil for raft, and when no node answers.
    public var chain: Chain?

    /// One line per node, then one for the chain:
    /// `n1: ready, block 179, 2 peers, validator, in sync` or `n2: down (...)`.
    public var report: [String] {
        var lines = nodes.map { node in
            guard node.ready else { return "\(node.name): down (\(node.downReason ?? "no answer"))" }
            var facts = ["ready", "block \(node.blockNumber ?? 0)", "\(node.peers ?? 0) peer\(node.peers == 1 ? "" : "s")"]
            if let validator = node.validator { facts.append(validator ? "validator" : "not a validator") }
            facts.append(node.syncing == true ? "syncing" : "in sync")
            return "\(node.name): " + facts.joined(separator: ", ")
        }
        if let chain {
            lines.append(
                "chain: \(chain.validators.count) validators (\(chain.live.count) of \(network) live"
                    + (chain.down.isEmpty ? "" : ", \(chain.down.count) of \(network) down")
                    + (chain.remote.isEmpty ? "" : ", \(chain.remote.count) of other organisations")
                    + "); \(chain.majorityNeeded) votes change the set, \(chain.sealingQuorum) must be up to seal blocks")
        }
        return lines
    }
}

extension NetworkCluster {
    /// Asks every local node's console for its state; a node that does not answer is down, not
    /// an error.
    public func status() throws -> NetworkStatus {
        let target = try target()
        let consensus = network.spec.consensus
        let survey = try ChainSurvey.take(of: network, addresses: sealingAddresses, client: client, target: target, timeout: consoleTimeout)
        let set = Set(survey.validators)
        let votes = GethConsole.votingAPI(consensus) != nil
        var nodes: [NetworkStatus.Node] = []
        for node in survey.nodes {
            guard node.isLive else {
                nodes.append(NetworkStatus.Node(name: node.name, ready: false, downReason: node.downReason))
                continue
            }
            let console = node.console
            do {
                nodes.append(
                    NetworkStatus.Node(
                        name: node.name, ready: true, blockNumber: try console.blockNumber(), peers: try console.peerCount(),
                        validator: votes ? node.address.map(set.contains) : nil, syncing: try console.isSyncing()))
            } catch let error {
                // Gone since the survey found it.
                nodes.append(NetworkStatus.Node(name: node.name, ready: false, downReason: try ChainSurvey.downReason(error)))
            }
        }
        var chain: NetworkStatus.Chain?
        if votes, !survey.validators.isEmpty {
            let local = Set(survey.nodes.filter(\.isLive).compactMap(\.address))
            let own = Set(survey.nodes.compactMap(\.address))
            chain = NetworkStatus.Chain(
                validators: survey.validators, live: survey.validators.filter(local.contains),
                down: survey.validators.filter { own.contains($0) && !local.contains($0) },
                remote: survey.validators.filter { !own.contains($0) }, majorityNeeded: VoteTally.needed(ofSetOf: set.count),
                sealingQuorum: consensus.sealingQuorum(validators: set.count))
        }
        return NetworkStatus(network: network.spec.name, nodes: nodes, chain: chain)
    }
}
