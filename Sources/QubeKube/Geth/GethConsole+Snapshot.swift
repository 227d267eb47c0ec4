import QubeCore
import QubeCrypto

/// A vote sealed in a block: `validator` voted to add (`authorize`) or remove `candidate`.
///
/// Votes sealed since the last change of the set, as the snapshot at the node's head lists
/// them (`istanbul.getSnapshot().votes`, `clique.getSnapshot().votes`); the list empties when a
/// vote passes (`Tests/Fixtures/geth/2.7.0/ibft-getSnapshot-after-2-votes.txt`).
public struct SealedVote: Equatable, Sendable {
    public var validator: EthereumAddress
    public var candidate: EthereumAddress
    public var authorize: Bool

    public init(validator: EthereumAddress, candidate: EthereumAddress, authorize: Bool) {
        self.validator = validator
        self.candidate = candidate
        self.authorize = authorize
    }
}

extension GethConsole {
    /// The votes sealed since the set last changed, every organisation's (`getSnapshot().votes`;
    /// IBFT names the voter `validator`, clique `signer`).
    public func sealedVotes(_ consensus: Consensus) throws(KubeError) -> [SealedVote] {
        guard let api = Self.votingAPI(consensus) else { return [] }
        let voter = consensus == .clique ? "signer" : "validator"
        return try evaluate("\(api.namespace).getSnapshot()", as: "a snapshot with votes") { value in
            value["votes"]?.array.flatMap { entries in
                let votes = entries.compactMap { entry -> SealedVote? in
                    guard let by = entry[voter]?.string.flatMap({ try? EthereumAddress(validating: $0) }),
                        let candidate = entry["address"]?.string.flatMap({ try? EthereumAddress(validating: $0) }),
                        let authorize = entry["authorize"]?.bool
                    else { return nil }
                    return SealedVote(validator: by, candidate: candidate, authorize: authorize)
                }
                return votes.count == entries.count ? votes : nil
            }
        }
    }

    /// The address the node seals with, as the running node says: `istanbul.nodeAddress` for
    /// IBFT and QBFT (the nodekey's), `eth.coinbase` for clique (the unlocked account's); nil for raft.
    public func sealingAddress(_ consensus: Consensus) throws(KubeError) -> EthereumAddress? {
        guard let api = Self.votingAPI(consensus) else { return nil }
        let expression = api.namespace == "clique" ? "eth.coinbase" : "istanbul.nodeAddress"
        return try evaluate(expression, as: "an address") { $0.string.flatMap { try? EthereumAddress(validating: $0) } }
    }
}
