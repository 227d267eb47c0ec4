import Foundation
import Testing
import QubeCore

/// The genesis shape each GoQuorum release accepts without error or warning, and the release
/// checks an imported genesis gets (params/config.go CheckMaxCodeConfigData, CheckTransitionsData).
struct ChainGenesisReleaseTests {
    static let pairs: [(SemanticVersion, Consensus)] = GoQuorumRelease.supported.flatMap { release in
        Consensus.allCases.filter { $0 != .qbft || release.supportsQBFT }.map { (release.version, $0) }
    }

    static func config(_ data: Data) throws -> [String: Any] {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["config"] as? [String: Any])
    }

    static func genesis(_ consensus: Consensus = .istanbul, quorum: SemanticVersion) throws -> Data {
        let (network, keys) = try ChainFixtures.network(consensus: consensus, quorum: quorum)
        return try Genesis.new(for: network, keys: keys)
    }

    @Test(arguments: pairs)
    func rendersTheShapeTheReleaseAccepts(_ version: SemanticVersion, _ consensus: Consensus) throws {
        let release = try #require(GoQuorumRelease.release(version))
        let config = try Self.config(try Self.genesis(consensus, quorum: version))
        // geth init of every release refuses a non-zero maxCodeSize (CheckMaxCodeConfigData).
        #expect(config["maxCodeSize"] == nil)
        #expect(config["maxCodeSizeChangeBlock"] == nil)
        let current = version >= SemanticVersion(22, 7, 6)
        let limit = try #require((current ? config["transitions"] : config["maxCodeSizeConfig"]) as? [[String: Int]])
        #expect(limit == [current ? ["block": 0, "contractsizelimit": 64] : ["block": 0, "size": 64]])
        #expect(config[current ? "maxCodeSizeConfig" : "transitions"] == nil)
        let bft: [String: Int] = ["epochlength": 30000, "blockperiodseconds": 1, "requesttimeoutseconds": 10, "policy": 0, "ceil2Nby3Block": 0]
        switch consensus {
        case .istanbul where release.ibftSection == .ibft:
            #expect(config["ibft"] as? [String: Int] == bft)
            #expect(config["istanbul"] == nil)
        case .istanbul:
            #expect(config["istanbul"] as? [String: Int] == ["epoch": 30000, "policy": 0, "ceil2Nby3Block": 0])
            #expect(config["ibft"] == nil)
        case .qbft:
            #expect(config["qbft"] as? [String: Int] == bft)
        case .clique:
            #expect(config["clique"] as? [String: Int] == ["period": 1, "epoch": 30000])
        case .raft:
            #expect(["istanbul", "ibft", "qbft", "clique"].allSatisfy { config[$0] == nil })
        }
        #expect(release.ibftSection == (current ? .ibft : .istanbul))
    }

    @Test(arguments: pairs)
    func importsWhatItRendersForEveryRelease(_ version: SemanticVersion, _ consensus: Consensus) throws {
        let (network, keys) = try ChainFixtures.network(consensus: consensus, quorum: version)
        let imported = try ImportedGenesis(data: try Genesis.new(for: network, keys: keys), path: "g.json")
        try imported.check(against: network.spec)
        #expect(imported.ibftSection == (consensus == .istanbul ? GoQuorumRelease.release(version)?.ibftSection : nil))
    }

    /// A genesis of an older qube or another organisation in the legacy shape still runs on a
    /// current release (it only warns), and carries its `config.istanbul` section.
    @Test func acceptsALegacyGenesisOnACurrentRelease() throws {
        let legacy = try ImportedGenesis(data: try Self.genesis(quorum: SemanticVersion(2, 7, 0)), path: "g.json")
        let (network, _) = try ChainFixtures.network(quorum: SemanticVersion(24, 4, 1))
        try legacy.check(against: network.spec)
        #expect(legacy.ibftSection == .istanbul)
    }

    /// Changes `config` of a genesis rendered for `quorum` and returns the imported result.
    static func imported(quorum: SemanticVersion, _ change: (inout [String: Any]) -> Void) throws -> ImportedGenesis {
        var root = try #require(try JSONSerialization.jsonObject(with: try genesis(quorum: quorum)) as? [String: Any])
        var config = try #require(root["config"] as? [String: Any])
        change(&config)
        root["config"] = config
        return try ImportedGenesis(data: try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]), path: "g.json")
    }

    @Test func refusesWhatTheReleaseRefuses() throws {
        let old = SemanticVersion(2, 7, 0)
        let new = SemanticVersion(24, 4, 1)
        let cases: [(SemanticVersion, SemanticVersion, (inout [String: Any]) -> Void, String)] = [
            // Today's 22.7.6+ render: geth init exits "maxCodeSize & maxCodeSizeChangeBlock deprecated".
            (new, new, { $0["maxCodeSize"] = 64; $0["transitions"] = nil }, "config.maxCodeSize: geth init refuses maxCodeSize"),
            (old, old, { $0["maxCodeSize"] = 64 }, "config.maxCodeSize: geth init refuses maxCodeSize"),
            (old, old, { $0["maxCodeSizeChangeBlock"] = 0 }, "config.maxCodeSize: geth init refuses maxCodeSize"),
            (old, old, { $0["maxCodeSizeConfig"] = [["block": 0, "size": 12]] }, "config.maxCodeSizeConfig[0]: the contract size limit must be between 24 and 128 KiB, got 12"),
            (old, old, { $0["maxCodeSizeConfig"] = [["size": 32]] }, "config.maxCodeSizeConfig[0].block: missing"),
            (old, old, { $0["maxCodeSizeConfig"] = [["block": 5, "size": 32], ["block": 2, "size": 64]] }, "config.maxCodeSizeConfig[1].block: blocks must be in ascending order"),
            (old, old, { $0["txnSizeLimit"] = 200 }, "config.txnSizeLimit: must be between 32 and 128"),
            (new, new, { $0["transitions"] = [["block": 0, "contractsizelimit": 200]] }, "config.transitions[0]: the contract size limit must be between 24 and 128 KiB, got 200"),
            (new, new, { $0["maxCodeSizeConfig"] = [["block": 0, "size": 64]] }, "config.transitions: contractsizelimit and maxCodeSizeConfig cannot be used together"),
            (new, new, { $0["transitions"] = [["block": 4], ["block": 2]] }, "config.transitions[1].block: blocks must be in ascending order"),
            // 2.7.0 has no config.ibft nor transitions: it would ignore them.
            (new, old, { _ in }, "config.ibft: this release has no ibft section (use config.istanbul)"),
            (old, old, { $0["transitions"] = [["block": 0, "contractsizelimit": 64]] }, "config.transitions: this release has no transitions"),
        ]
        for (rendered, running, change, reason) in cases {
            let genesis = try Self.imported(quorum: rendered, change)
            let (network, _) = try ChainFixtures.network(quorum: running)
            #expect {
                try genesis.check(against: network.spec)
            } throws: { error in
                "\(error)".hasPrefix("quorum: GoQuorum \(running) cannot run genesis g.json: \(reason)")
            }
        }
    }

    @Test func acceptsATransitionThatKeepsTheEngine() throws {
        let genesis = try Self.imported(quorum: SemanticVersion(24, 4, 1)) {
            $0["transitions"] = [["block": 0, "contractsizelimit": 64], ["block": 100, "algorithm": "IBFT", "blockperiodseconds": 2]]
        }
        let (network, _) = try ChainFixtures.network(quorum: SemanticVersion(24, 4, 1))
        try genesis.check(against: network.spec)
    }
}
