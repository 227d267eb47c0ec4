import Foundation
import Testing
import QubeCore

/// Whole chain configurations compared byte for byte with files under Golden/chain/<scenario>/.
/// `QUBE_UPDATE_GOLDEN=1 swift test --filter ChainGoldenTests` rewrites them; review the diff.
struct ChainGoldenTests {
    /// One rendered network: every file qube writes for its chain, by relative path.
    static func render(_ network: Network, _ keys: [String: NodeKeys]) throws -> [String: Data] {
        let genesis = try Genesis.new(for: network, keys: keys)
        let files = try ChainFiles(for: network, keys: keys, genesis: genesis, tesseraKeysLocked: false)
        var out: [String: Data] = [
            ChainFileNames.genesis: files.genesis,
            ChainFileNames.staticNodes: files.staticNodes,
            ChainFileNames.permissionedNodes: files.permissionedNodes,
        ]
        for (node, config) in files.tesseraConfigs { out["tessera/" + TesseraConfig.fileName(of: node)] = config }
        for node in network.nodes {
            let commands = try NodeCommands(for: node, in: network, keys: try #require(keys[node.name]))
            var object: [String: Any] = [
                "initContainer": commands.initContainer, "geth": commands.geth,
                "gethEnvironment": commands.gethEnvironment.map { [$0.name, $0.value] },
            ]
            object["tessera"] = commands.tessera
            // The quorum container's argv beyond geth's own (the Tessera wait), and Tessera's environment.
            object["quorumContainerPrefix"] = Array(commands.quorumContainer.dropLast(commands.geth.count))
            if !commands.tesseraEnvironment.isEmpty { object["tesseraEnvironment"] = commands.tesseraEnvironment.map { [$0.name, $0.value] } }
            out["commands/\(node.name).json"] = try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]) + Data("\n".utf8)
        }
        return out
    }

    /// The seed's example: three local IBFT validators, chainId 1000, GoQuorum 2.7.0, Tessera 0.10.6.
    static func seedNetwork() throws -> (Network, [String: NodeKeys]) {
        var (network, keys) = try ChainFixtures.network(nodes: 2)
        try network.addNode(NodeSpec(name: "quorum-node3", gethParams: #"--rpcvhosts="*" --rpccorsdomain '*'"#))
        keys["quorum-node3"] = ChainFixtures.sevenNodes[2]
        return (network, keys)
    }

    /// A current network: QBFT on GoQuorum 24.4.1 and Tessera 24.4.2, four local nodes (one not a
    /// validator) and another organisation's validator.
    static func currentNetwork() throws -> (Network, [String: NodeKeys]) {
        var (network, keys) = try ChainFixtures.network(
            "org-b", consensus: .qbft, chainID: 1337, quorum: SemanticVersion(24, 4, 1), tessera: SemanticVersion(24, 4, 2), nodes: 3)
        try network.addNode(NodeSpec(name: "member1", isValidator: false, rpcAPIs: ["eth", "net", "web3", "quorum", "admin"]))
        keys["member1"] = ChainFixtures.sevenNodes[3]
        try network.addExternal(try externalNode5())
        return (network, keys)
    }

    /// 7nodes node 5 as another organisation's validator.
    static func externalNode5() throws -> ExternalNode {
        let five = ChainFixtures.sevenNodes[4]
        return ExternalNode(
            name: "org-c-node1", enode: try EnodeURL(parsing: "enode://\(five.nodeID)@node1.org-c.example.com:30303?discport=0"),
            tesseraEndpoint: try HostPort(parsing: "tm1.org-c.example.com:9001"), address: five.validatorAddress)
    }

    @Test(arguments: ["seed-istanbul", "current-qbft"])
    func matchesGolden(_ scenario: String) throws {
        let (network, keys) = try scenario == "seed-istanbul" ? Self.seedNetwork() : Self.currentNetwork()
        let rendered = try Self.render(network, keys)
        let directory = ChainFixtures.goldenDirectory.appendingPathComponent(scenario)
        if ProcessInfo.processInfo.environment["QUBE_UPDATE_GOLDEN"] == "1" {
            for (path, data) in rendered {
                let url = directory.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        }
        for (path, data) in rendered.sorted(by: { $0.key < $1.key }) {
            let golden = try Data(contentsOf: directory.appendingPathComponent(path))
            #expect(data == golden, "\(scenario)/\(path) differs from the golden file")
        }
        // Nothing rendered is missing and nothing stale is left in the golden directory.
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        let goldenFiles = (enumerator?.allObjects as? [URL] ?? []).filter { !$0.hasDirectoryPath }
            .map { String($0.path.dropFirst(directory.path.count + 1)) }
            .filter { $0 != "validator-nodekeys.txt" }
        #expect(Set(goldenFiles) == Set(rendered.keys))
    }

    @Test func renderingTwiceGivesTheSameBytes() throws {
        let (network, keys) = try Self.currentNetwork()
        #expect(try Self.render(network, keys) == Self.render(network, keys))
    }
}
