/// The consensus engine of a network.
public enum Consensus: String, CaseIterable, Sendable {
    /// IBFT 1.0 (GoQuorum's `istanbul`).
    case istanbul
    /// QBFT (GoQuorum 22.x and later).
    case qbft
    /// Raft, crash fault tolerant.
    case raft
    /// Clique proof of authority.
    case clique

    /// What a name users write for an engine means here, by that name: qctl and Qubernetes
    /// call IBFT `ibft` in their docs, while their files and GoQuorum's genesis say `istanbul`.
    public static let hints = ["ibft": "IBFT is spelled 'istanbul' here, as in qctl and GoQuorum's genesis"]

    /// Whether blocks are sealed by a validator set written into extraData.
    public var hasValidators: Bool { self != .raft }
}
