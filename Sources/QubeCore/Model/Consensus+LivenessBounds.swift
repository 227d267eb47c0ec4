extension Consensus {
    /// How many of a chain's `validators` (raft: members) may be down at once, the bound a roll
    /// and the validators' PodDisruptionBudget keep.
    ///
    /// IBFT and QBFT: f = ⌊(n−1)/3⌋, the faults a BFT set of n survives (GoQuorum 2.7.0
    /// `consensus/istanbul/validator/default.go` `F()`, ⌈n/3⌉−1). Clique and raft: the members
    /// beyond ``sealingQuorum(validators:)``, ⌊(n−1)/2⌋. Zero when the chain has no validators.
    public func faultTolerance(validators: Int) -> Int {
        guard validators > 0 else { return 0 }
        switch self {
        case .istanbul, .qbft: return (validators - 1) / 3
        case .clique, .raft: return validators - sealingQuorum(validators: validators)
        }
    }

    /// How many of a chain's `validators` (raft: members) must be up for it to make blocks.
    ///
    /// IBFT and QBFT: ⌈2n/3⌉ commits, the `Ceil2Nby3Block` quorum qube's genesis selects from
    /// block 0 (GoQuorum 2.7.0 `consensus/istanbul/core/core.go` `QuorumSize`). Clique: ⌊n/2⌋+1,
    /// since a signer may seal only one of any ⌊n/2⌋+1 consecutive blocks
    /// (`consensus/clique/clique.go`, `limit := len(snap.Signers)/2 + 1`). Raft: a majority of
    /// the members, ⌊n/2⌋+1, to elect a leader and commit.
    public func sealingQuorum(validators: Int) -> Int {
        switch self {
        case .istanbul, .qbft: (2 * validators + 2) / 3
        case .clique, .raft: validators / 2 + 1
        }
    }
}
