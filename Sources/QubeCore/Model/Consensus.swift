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

    /// Whether blocks are sealed by a validator set written into extraData.
    public var hasValidators: Bool { self != .raft }
}
