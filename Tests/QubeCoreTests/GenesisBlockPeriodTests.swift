import Foundation
import QubeCore
import Testing

/// The block period a genesis fixes (`config.ibft` / `config.qbft` `blockperiodseconds`,
/// `config.clique.period`) is the chain's: a network that joins or keeps that genesis runs it,
/// and a script asking for another is refused.
@Suite struct GenesisBlockPeriodTests {
    static func genesis(_ consensus: Consensus, quorum: SemanticVersion, period: Int) throws -> ImportedGenesis {
        let (network, keys) = try ChainFixtures.network(consensus: consensus, quorum: quorum, tessera: nil, nodes: 1, blockPeriod: period)
        return try ImportedGenesis(data: try Genesis.new(for: network, keys: keys), path: "a-genesis.json")
    }

    @Test(arguments: [
        (Consensus.istanbul, SemanticVersion(24, 4, 1)), (.qbft, SemanticVersion(24, 4, 1)), (.clique, SemanticVersion(2, 7, 0)),
    ])
    func aPeriodInTheGenesisIsTheChainsAndAnotherIsRefused(consensus: Consensus, quorum: SemanticVersion) throws {
        let genesis = try Self.genesis(consensus, quorum: quorum, period: 5)
        #expect(genesis.blockPeriod == 5)
        var spec = NetworkSpec(name: "org-b", consensus: consensus, chainID: 1000, quorumVersion: quorum, tesseraVersion: nil)
        spec.blockPeriod = 5
        try genesis.check(against: spec)
        spec.blockPeriod = 1
        #expect(throws: ValidationError(field: "blockPeriod", "is 1 but genesis a-genesis.json fixes a 5 s block period (the chain's, for every node)")) {
            try genesis.check(against: spec)
        }
    }

    @Test func legacyIstanbulTakesItsPeriodFromTheFlagNotTheGenesis() throws {
        #expect(try Self.genesis(.istanbul, quorum: SemanticVersion(2, 7, 0), period: 5).blockPeriod == nil)
    }
}
