import Foundation
import Testing
import QubeCore
import QubeCrypto

struct ChainGenesisTests {
    /// A fresh `keys/<network>` directory under a temporary root.
    static func temporaryStore() throws -> GenesisStore {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qube-genesis-\(UUID().uuidString)")
        return GenesisStore(directory: root.appendingPathComponent("keys/org-a"))
    }

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func fundsEveryLocalAccountAndListsValidators() throws {
        var (network, keys) = try ChainFixtures.network(nodes: 2)
        try network.addNode(NodeSpec(name: "member", isValidator: false))
        keys["member"] = ChainFixtures.sevenNodes[2]
        let genesis = try ImportedGenesis(data: try Genesis.new(for: network, keys: keys), path: "genesis.json")
        #expect(genesis.chainID == 1000)
        #expect(genesis.consensus == .istanbul)
        #expect(genesis.validators.map(\.checksummed) == ChainFixtures.sevenNodes.prefix(2).map(\.validatorAddress.checksummed))
        let alloc = try #require(try Self.json(genesis.data)["alloc"] as? [String: Any])
        #expect(Set(alloc.keys) == Set(ChainFixtures.sevenNodes.prefix(3).map { $0.accountAddress.lowercased() }))
    }

    @Test func cliqueSignersAreAccounts() throws {
        let (network, keys) = try ChainFixtures.network(consensus: .clique, nodes: 3)
        let genesis = try ImportedGenesis(data: try Genesis.new(for: network, keys: keys), path: "genesis.json")
        #expect(genesis.validators.map(\.checksummed) == ChainFixtures.sevenNodes.prefix(3).map(\.accountAddress.checksummed))
        let config = try #require(try Self.json(genesis.data)["config"] as? [String: Any])
        #expect(config["clique"] as? [String: Int] == ["period": 1, "epoch": 30000])
    }

    @Test func raftHasNoConsensusSection() throws {
        let (network, keys) = try ChainFixtures.network(consensus: .raft, quorum: SemanticVersion(24, 4, 1), tessera: nil)
        let data = try Genesis.new(for: network, keys: keys)
        let genesis = try ImportedGenesis(data: data, path: "genesis.json")
        #expect(genesis.consensus == .raft)
        #expect(genesis.validators.isEmpty)
        let top = try Self.json(data)
        #expect(top["difficulty"] as? String == "0x0")
        #expect(top["extraData"] as? String == "0x" + String(repeating: "0", count: 64))
    }

    @Test func externalValidatorsJoinTheValidatorSet() throws {
        var (network, keys) = try ChainFixtures.network(consensus: .qbft, quorum: SemanticVersion(24, 4, 1), nodes: 1)
        try network.addExternal(try ChainGoldenTests.externalNode5())
        let genesis = try ImportedGenesis(data: try Genesis.new(for: network, keys: keys), path: "genesis.json")
        #expect(genesis.validators.map(\.checksummed) == [ChainFixtures.sevenNodes[0], ChainFixtures.sevenNodes[4]].map(\.validatorAddress.checksummed))
    }

    @Test func refusesANetworkWithoutValidators() throws {
        var network = try Network(NetworkSpec(name: "org-a"))
        try network.addNode(NodeSpec(name: "member", isValidator: false))
        #expect(throws: ValidationError.self) { try Genesis.new(for: network, keys: ["member": ChainFixtures.sevenNodes[0]]) }
    }

    @Test func refusesNodesWithoutKeys() throws {
        let (network, _) = try ChainFixtures.network()
        #expect(throws: ValidationError("node 'quorum-node1' has no keys yet; call genKeys() before render()")) {
            try Genesis.new(for: network, keys: [:])
        }
    }

    /// Genesis keys rendered for each release are keys that release reads.
    @Test(arguments: [
        ("2.7.0", Consensus.istanbul), ("20.10.0", .clique), ("21.4.2", .raft), ("22.7.6", .qbft), ("23.4.0", .istanbul),
        ("24.4.1", .qbft),
    ])
    func rendersOnlyKeysTheReleaseReads(_ version: String, _ consensus: Consensus) throws {
        let release = try #require(SemanticVersion(version))
        let (network, keys) = try ChainFixtures.network(consensus: consensus, quorum: release)
        let known = try ChainFixtures.versionList("goquorum-genesis-keys-v\(version).txt")
        var paths: [String] = []
        func collect(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for (key, member) in object {
                    let child = path.isEmpty ? key : "\(path).\(key)"
                    if !(member is [Any]) { paths.append(child) }
                    if path != "alloc" { collect(member, child) }
                }
            } else if let array = value as? [Any] {
                paths.append(path + "[]")
                for element in array { collect(element, path + "[]") }
            }
        }
        collect(try Self.json(try Genesis.new(for: network, keys: keys)), "")
        let unknown = paths.filter { !$0.hasPrefix("alloc.") && !known.contains($0) }
        #expect(unknown.isEmpty, "not read by GoQuorum \(version): \(unknown)")
    }

    // MARK: - Chain identity

    @Test func createsTheGenesisOnceAndKeepsIt() throws {
        let store = try Self.temporaryStore()
        var (network, keys) = try ChainFixtures.network()
        let first = try store.genesis(for: network, keys: keys, joining: nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let files = try ChainFiles(for: network, keys: keys, genesis: first, tesseraKeysLocked: false)

        try network.addNode(NodeSpec(name: "quorum-node4"))
        keys["quorum-node4"] = ChainFixtures.sevenNodes[3]
        let second = try store.genesis(for: network, keys: keys, joining: nil)
        #expect(second == first)
        #expect(try Data(contentsOf: store.file) == first)
        let grown = try ChainFiles(for: network, keys: keys, genesis: second, tesseraKeysLocked: false)
        #expect(grown.genesis == files.genesis)
        #expect(grown.staticNodes != files.staticNodes)
        #expect(grown.permissionedNodes != files.permissionedNodes)
        #expect(String(decoding: grown.staticNodes, as: UTF8.self).contains("@quorum-node4.org-a.svc.cluster.local:30303"))
        #expect(grown.tesseraConfigs["quorum-node1"] != files.tesseraConfigs["quorum-node1"])
        #expect(String(decoding: try #require(grown.tesseraConfigs["quorum-node1"]), as: UTF8.self).contains("http://quorum-node4.org-a"))
    }

    @Test func refusesAScriptThatChangedTheStoredChain() throws {
        let store = try Self.temporaryStore()
        let (network, keys) = try ChainFixtures.network()
        _ = try store.genesis(for: network, keys: keys, joining: nil)
        let (changed, _) = try ChainFixtures.network(chainID: 1001)
        #expect(throws: ValidationError(field: "chainId", "is 1001 but genesis \(store.file.path) has chainId 1000")) {
            try store.genesis(for: changed, keys: keys, joining: nil)
        }
    }

    @Test func joinsWithTheImportedGenesisVerbatim() throws {
        let (orgA, keysA) = try ChainFixtures.network()
        // Another organisation's bytes, formatted differently than qube would write them.
        let foreign = Data(
            try JSONSerialization.data(withJSONObject: try Self.json(try Genesis.new(for: orgA, keys: keysA)), options: [.sortedKeys]))
        let imported = try ImportedGenesis(data: foreign, path: "a-genesis.json")
        let (orgB, keysB) = try ChainFixtures.network("org-b")
        let store = try Self.temporaryStore()
        #expect(try store.genesis(for: orgB, keys: keysB, joining: imported) == foreign)
        #expect(try Data(contentsOf: store.file) == foreign)
        // Re-running with the same file, or without it, keeps it.
        #expect(try store.genesis(for: orgB, keys: keysB, joining: imported) == foreign)
        #expect(try store.genesis(for: orgB, keys: keysB, joining: nil) == foreign)
    }

    @Test func refusesAnImportedGenesisThatDiffersFromTheStoredOne() throws {
        let store = try Self.temporaryStore()
        let (network, keys) = try ChainFixtures.network()
        let stored = try store.genesis(for: network, keys: keys, joining: nil)
        let other = try ImportedGenesis(data: stored + Data(" ".utf8), path: "other.json")
        #expect {
            try store.genesis(for: network, keys: keys, joining: other)
        } throws: { error in
            "\(error)".hasPrefix("other.json: differs from the genesis this network already has")
        }
        #expect(try Data(contentsOf: store.file) == stored)
    }

    @Test func refusesAJoiningScriptThatDisagrees() throws {
        let (orgA, keysA) = try ChainFixtures.network()
        let imported = try ImportedGenesis(data: try Genesis.new(for: orgA, keys: keysA), path: "a-genesis.json")
        let (qbft, keys) = try ChainFixtures.network(consensus: .qbft, quorum: SemanticVersion(24, 4, 1))
        #expect(throws: ValidationError(field: "consensus", "is qbft but genesis a-genesis.json is a istanbul chain")) {
            try Self.temporaryStore().genesis(for: qbft, keys: keys, joining: imported)
        }
    }

    // MARK: - Strict import

    /// A valid genesis as a mutable JSON object.
    static func validObject() throws -> [String: Any] {
        let (network, keys) = try ChainFixtures.network()
        return try json(try Genesis.new(for: network, keys: keys))
    }

    static func tampered(_ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try validObject()
        change(&object)
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    @Test func rejectsTamperedGenesisWithAReason() throws {
        func config(_ object: inout [String: Any], _ key: String, _ value: Any?) {
            var config = object["config"] as! [String: Any]
            config[key] = value
            object["config"] = config
        }
        let cases: [(Data, String)] = [
            (Data("not json".utf8), "g.json:1: not valid JSON: expected a value, found a letter"),
            (Data("[1]".utf8), "g.json: is not a JSON object"),
            (Data(count: ImportedGenesis.maximumSize + 1), "g.json: is 8388609 bytes; a genesis larger than 8 MiB is refused"),
            (try Self.tampered { $0["extraData"] = "0x1234" }, "g.json: extraData: does not decode for istanbul"),
            (try Self.tampered { $0["extraData"] = "0xzz" }, "g.json: extraData: must be 0x followed by an even number of hex digits"),
            (
                try Self.tampered { $0["extraData"] = ExtraDataFixtures.istanbulWithoutValidators },
                "g.json: extraData: names no validators"
            ),
            (try Self.tampered { config(&$0, "chainId", "1000") }, "g.json: config.chainId: must be a positive integer"),
            (try Self.tampered { config(&$0, "chainId", 10.5) }, "g.json: config.chainId: must be a positive integer"),
            (try Self.tampered { config(&$0, "chainId", true) }, "g.json: config.chainId: must be a positive integer"),
            (try Self.tampered { config(&$0, "chainId", -1) }, "g.json: config.chainId: must be a positive integer"),
            (try Self.tampered { config(&$0, "chainID", 7) }, "g.json: config.chainId: ambiguous, 'config.chainID' is the same key to geth"),
            (try Self.tampered { config(&$0, "isQuorum", false) }, "g.json: config.isQuorum: must be true for GoQuorum"),
            (try Self.tampered { config(&$0, "qbft", [String: Any]()) }, "g.json: config: has more than one consensus section"),
            (
                try Self.tampered { config(&$0, "transitions", [["block": 10, "algorithm": "qbft"]]) },
                "g.json: config.transitions[0].algorithm: a transition that changes the consensus engine or its validators is not supported by qube"
            ),
            (
                try Self.tampered { config(&$0, "transitions", [["block": 0, "Validators": ["0x01"]]]) },
                "g.json: config.transitions[0].Validators: a transition that changes the consensus engine or its validators"
            ),
            (try Self.tampered { config(&$0, "transitions", 3) }, "g.json: config.transitions: must be an array"),
            (try Self.tampered { config(&$0, "maxCodeSize", "64") }, "g.json: config.maxCodeSize: must be an integer"),
            (try Self.tampered { config(&$0, "istanbul", 3) }, "g.json: config.istanbul: must be an object"),
            (try Self.tampered { $0["gasLimit"] = nil }, "g.json: gasLimit: missing"),
            (try Self.tampered { $0["config"] = "x" }, "g.json: config: must be an object"),
        ]
        for (data, reason) in cases {
            #expect {
                try ImportedGenesis(data: data, path: "g.json")
            } throws: { error in
                "\(error)".hasPrefix(reason)
            }
        }
    }

    @Test func readsIbftSectionAsIstanbulAndUppercaseKeys() throws {
        var object = try Self.validObject()
        var config = object["config"] as! [String: Any]
        config["ibft"] = config.removeValue(forKey: "istanbul")
        config["CHAINID"] = config.removeValue(forKey: "chainId")
        object["config"] = config
        object["ExtraData"] = object.removeValue(forKey: "extraData")
        let genesis = try ImportedGenesis(data: try JSONSerialization.data(withJSONObject: object), path: "g.json")
        #expect(genesis.consensus == .istanbul)
        #expect(genesis.chainID == 1000)
        #expect(genesis.validators.count == 3)
    }

    @Test func fingerprintIsTheSHA256OfTheBytes() {
        #expect(GenesisFingerprint.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(GenesisFingerprint.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

enum ExtraDataFixtures {
    /// IBFT extraData with an empty validator list: vanity ‖ RLP([[], 65 zero bytes, []]).
    static let istanbulWithoutValidators = "0x" + String(repeating: "00", count: 32) + "f845c0b841" + String(repeating: "00", count: 65) + "c0"
}
