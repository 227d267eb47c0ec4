import QubeCore
import Testing

/// The validator-loss numbers of each consensus, from one source: how many may be down, how
/// many must be up, and that the two add up where the consensus counts a plain majority.
@Suite struct ConsensusLivenessBoundsTests {
    /// IBFT and QBFT: f = ⌊(n−1)/3⌋ down, ⌈2n/3⌉ commits (GoQuorum 2.7.0 `F()`, `QuorumSize`).
    @Test(arguments: [Consensus.istanbul, .qbft])
    func byzantineBounds(_ consensus: Consensus) {
        #expect((1...7).map { consensus.faultTolerance(validators: $0) } == [0, 0, 0, 1, 1, 1, 2])
        #expect((1...7).map { consensus.sealingQuorum(validators: $0) } == [1, 2, 2, 3, 4, 4, 5])
    }

    /// Clique (a signer seals one of any ⌊n/2⌋+1 blocks) and raft (a majority elects and
    /// commits): ⌊n/2⌋+1 up, the rest, ⌊(n−1)/2⌋, may be down.
    @Test(arguments: [Consensus.clique, .raft])
    func majorityBounds(_ consensus: Consensus) {
        #expect((1...7).map { consensus.sealingQuorum(validators: $0) } == [1, 2, 2, 3, 3, 4, 4])
        #expect((1...7).map { consensus.faultTolerance(validators: $0) } == [0, 0, 1, 1, 2, 2, 3])
    }

    @Test(arguments: [Consensus.istanbul, .qbft, .clique, .raft])
    func noValidatorsToleratesNone(_ consensus: Consensus) {
        #expect(consensus.faultTolerance(validators: 0) == 0)
    }
}
