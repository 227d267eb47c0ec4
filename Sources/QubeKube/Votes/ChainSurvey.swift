import QubeCore
import QubeCrypto

/// What a network's own nodes say about the chain they run: which of them answer on their
/// console and with which sealing address, and, read from the first that answers, the current
/// validator set and the votes sealed since it last changed.
///
/// A node whose console does not answer (pod missing, geth not up) is down, not an error: the
/// survey fails only when the cluster itself cannot be reached.
struct ChainSurvey {
    /// One local node as the survey found it.
    struct Node {
        var name: String
        var console: GethConsole
        /// The address it seals with: as it says, or while it is down as its keys say (nil when
        /// they are not loaded, and for raft).
        var address: EthereumAddress?
        /// Why it is down: the first line its console attempt printed.
        var downReason: String?
        var isLive: Bool { downReason == nil }
    }

    var consensus: Consensus
    var nodes: [Node]
    /// The current validator (clique: signer) set; empty when no local node answers.
    var validators: [EthereumAddress]
    /// Every organisation's votes sealed since the set last changed.
    var sealedVotes: [SealedVote]

    /// The local nodes in the current set, live or not.
    var localValidators: [Node] { nodes.filter { $0.address.map(validators.contains) ?? false } }

    /// Surveys `network`'s local nodes.
    static func take(
        of network: Network, addresses: [String: EthereumAddress], client: any KubeClient, target: KubeTarget, timeout: Duration
    ) throws(KubeError) -> ChainSurvey {
        let consensus = network.spec.consensus
        var nodes: [Node] = []
        for spec in network.nodes {
            let console = GethConsole(client: client, target: target, node: spec.name, timeout: timeout)
            do {
                // Raft has no sealing address: the block number then proves the console answers.
                let address = try console.sealingAddress(consensus)
                if GethConsole.votingAPI(consensus) == nil { _ = try console.blockNumber() }
                nodes.append(Node(name: spec.name, console: console, address: address))
            } catch let error {
                nodes.append(Node(name: spec.name, console: console, address: addresses[spec.name], downReason: try downReason(error)))
            }
        }
        var survey = ChainSurvey(consensus: consensus, nodes: nodes, validators: [], sealedVotes: [])
        try survey.refreshSet()
        return survey
    }

    /// Reads the set and the sealed votes again from the first live node.
    mutating func refreshSet() throws(KubeError) {
        guard let reader = nodes.first(where: \.isLive)?.console else { return }
        validators = try reader.validators(consensus)
        sealedVotes = try reader.sealedVotes(consensus)
    }

    /// Why a console attempt means the node is down, or rethrows what is not about the node.
    ///
    /// A pod that is absent or not running is ``KubeError/consoleUnreachable(context:node:detail:)``
    /// already (``GethConsole/evaluate(_:)``); any other refusal of the exec is about qube's access,
    /// not the node: an RBAC refusal (`Forbidden`) says which permission the kube user lacks.
    static func downReason(_ error: KubeError) throws(KubeError) -> String {
        switch error {
        case .consoleUnreachable(_, _, let detail): return detail
        case .kubectlFailed(let detail): return detail
        case .rejected(let context, let action, let detail) where detail.contains("(Forbidden)"):
            throw .rejected(
                context: context, action: action,
                detail: detail + " (RBAC: the kube user of context '\(context)' needs create on pods/exec in the network's namespace "
                    + "to reach the nodes' geth consoles, which votes and status use)")
        default: throw error
        }
    }
}
