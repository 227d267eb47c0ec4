extension Consensus {
    /// How many of a chain's `validators` may be down at once while it keeps sealing blocks.
    ///
    /// IBFT and QBFT commit a block with more than two thirds of the set, so they tolerate
    /// f = ⌊(n−1)/3⌋ validators down; a clique signer seals at most once in every ⌊n/2⌋+1
    /// blocks, so clique needs ⌊n/2⌋+1 signers and tolerates ⌊(n−1)/2⌋; raft needs a majority
    /// of its members and tolerates ⌊(n−1)/2⌋. Zero when the chain has no validators.
    public func faultTolerance(validators: Int) -> Int {
        guard validators > 0 else { return 0 }
        switch self {
        case .istanbul, .qbft: return (validators - 1) / 3
        case .clique, .raft: return (validators - 1) / 2
        }
    }
}
