import Testing
import QubeCore

struct ChainCommandsTests {
    static let releases = GoQuorumRelease.supported.map(\.version)

    /// The flag names of an argv: `--name` and `--name=value` give `name`.
    static func flags(_ argv: some Sequence<String>) -> [String] {
        argv.filter { $0.hasPrefix("-") }.map { String($0.drop { $0 == "-" }.prefix { $0 != "=" }) }
    }

    @Test(arguments: releases, Consensus.allCases)
    func rendersOnlyFlagsTheReleaseAccepts(_ version: SemanticVersion, _ consensus: Consensus) throws {
        let release = try #require(GoQuorumRelease.release(version))
        if consensus == .qbft, !release.supportsQBFT { return }
        let accepted = try ChainFixtures.acceptedFlags(version)
        #expect(!accepted.isEmpty)
        for tessera in [SemanticVersion(0, 10, 6), nil] {
            let (network, keys) = try ChainFixtures.network(consensus: consensus, quorum: version, tessera: tessera, nodes: 1)
            let node = network.nodes[0]
            let commands = try NodeCommands(for: node, in: network, keys: try #require(keys[node.name]))
            #expect(commands.geth.first == "geth")
            for flag in Self.flags(commands.geth.dropFirst()) {
                #expect(accepted.contains(flag), "--\(flag) is not a flag of GoQuorum \(version)")
            }
            // geth init in the init container uses the same binary's --datadir.
            #expect(commands.initContainer[2].contains("geth --datadir /data/quorum init /etc/quorum/genesis/genesis.json"))
            #expect(accepted.contains("datadir"))
            #expect(commands.gethEnvironment.map(\.name) == ["PRIVATE_CONFIG"])
            #expect(commands.gethEnvironment.map(\.value) == [tessera == nil ? "ignore" : "/data/tessera/tm.ipc"])
            #expect((commands.tessera == nil) == (tessera == nil))
        }
    }

    /// No flag qube renders makes the release log a deprecation warning: on 22.7.6 and later the
    /// IBFT period is `config.ibft.blockperiodseconds`, not `--istanbul.blockperiod`.
    @Test(arguments: releases, Consensus.allCases)
    func rendersNoFlagTheReleaseDeprecates(_ version: SemanticVersion, _ consensus: Consensus) throws {
        let release = try #require(GoQuorumRelease.release(version))
        if consensus == .qbft, !release.supportsQBFT { return }
        let deprecated = try ChainFixtures.deprecatedFlags(version)
        let (network, keys) = try ChainFixtures.network(consensus: consensus, quorum: version, nodes: 1)
        let geth = try NodeCommands(for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"])).geth
        let warned = Self.flags(geth.dropFirst()).filter(deprecated.contains)
        #expect(warned.isEmpty, "GoQuorum \(version) warns about --\(warned.joined(separator: ", --"))")
    }

    /// The IBFT period flag follows the genesis the chain really has: a stored or joined
    /// `config.istanbul` genesis takes its period only from the flag, even on 24.4.1.
    @Test func rendersTheIBFTPeriodFlagOnlyForAnIstanbulGenesis() throws {
        for (version, section, flag) in [
            (SemanticVersion(2, 7, 0), GoQuorumRelease.IBFTSection?.none, true), (SemanticVersion(21, 4, 2), nil, true),
            (SemanticVersion(22, 7, 6), nil, false), (SemanticVersion(24, 4, 1), nil, false),
            (SemanticVersion(24, 4, 1), .istanbul, true), (SemanticVersion(24, 4, 1), .ibft, false),
        ] {
            let (network, keys) = try ChainFixtures.network(consensus: .istanbul, quorum: version, nodes: 1)
            let geth = try NodeCommands(
                for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"]), ibftSection: section
            ).geth.joined(separator: " ")
            #expect(geth.contains("--istanbul.blockperiod 1 --mine --miner.threads 1") == flag, "\(version) \(String(describing: section))")
            #expect(geth.contains("--mine --miner.threads 1"))
        }
    }

    @Test func spellsRPCFlagsPerRelease() throws {
        for (version, http, ws) in [
            (SemanticVersion(2, 7, 0), ["--rpc", "--rpcaddr", "0.0.0.0", "--rpcport", "8545", "--rpcapi", "eth,net,web3,quorum"],
             ["--ws", "--wsaddr", "0.0.0.0", "--wsport", "8546", "--wsapi", "eth,net,web3,quorum"]),
            (SemanticVersion(24, 4, 1), ["--http", "--http.addr", "0.0.0.0", "--http.port", "8545", "--http.api", "eth,net,web3,quorum"],
             ["--ws", "--ws.addr", "0.0.0.0", "--ws.port", "8546", "--ws.api", "eth,net,web3,quorum"]),
        ] {
            let (network, keys) = try ChainFixtures.network(quorum: version, nodes: 1)
            let geth = try NodeCommands(for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"])).geth
            #expect(geth.joined(separator: " ").contains(http.joined(separator: " ")))
            #expect(geth.joined(separator: " ").contains(ws.joined(separator: " ")))
        }
    }

    @Test func consensusFlags() throws {
        func geth(_ consensus: Consensus) throws -> String {
            let (network, keys) = try ChainFixtures.network(consensus: consensus, quorum: SemanticVersion(24, 4, 1), nodes: 1)
            return try NodeCommands(for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"])).geth.joined(separator: " ")
        }
        #expect(try geth(.istanbul).contains("--syncmode full --mine --miner.threads 1"))
        #expect(try !geth(.istanbul).contains("istanbul"))
        #expect(try geth(.qbft).contains("--mine --miner.threads 1"))
        #expect(try !geth(.qbft).contains("istanbul"))
        #expect(try geth(.clique).contains("--miner.etherbase 0xed9d02e382b34818e88b88a309c7fe71e65f419d"))
        #expect(try geth(.raft).contains("--raft --raftport 50401 --raftdnsenable"))
        #expect(try !geth(.raft).contains("--mine"))
    }

    @Test func appendsHostileGethParamsAsLiteralArguments() throws {
        let hostile = "--identity \"$(rm -rf /)\" '`reboot`\nline2' --x=$HOME;ls"
        let (network, keys) = try ChainFixtures.network(nodes: 1, gethParams: hostile)
        let commands = try NodeCommands(for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"]))
        #expect(Array(commands.geth.suffix(4)) == ["--identity", "$(rm -rf /)", "`reboot`\nline2", "--x=$HOME;ls"])
        // The init script is fixed: no node's input reaches it.
        let (plain, plainKeys) = try ChainFixtures.network(nodes: 1)
        #expect(try NodeCommands(for: plain.nodes[0], in: plain, keys: try #require(plainKeys["quorum-node1"])).initContainer == commands.initContainer)
    }

    @Test func refusesAnUnterminatedQuoteInGethParamsWhenTheNodeIsAdded() throws {
        var network = try Network(NetworkSpec(name: "org-a"))
        #expect(throws: ValidationError(field: "gethParams", "has an unterminated single quote")) {
            try network.addNode(NodeSpec(name: "n1", gethParams: "--rpcvhosts='*"))
        }
    }

    @Test func refusesABadRPCAPINameWhenTheNodeIsAdded() throws {
        var network = try Network(NetworkSpec(name: "org-a"))
        #expect(throws: ValidationError(field: "rpcApis", "'net,admin' is not an RPC API name (lowercase letters and digits)")) {
            try network.addNode(NodeSpec(name: "n1", rpcAPIs: ["eth", "net,admin"]))
        }
    }

    @Test func tesseraLauncherAndConfigPath() throws {
        for (tessera, argv) in [
            (SemanticVersion(0, 10, 6), ["java", "-jar", "/tessera/tessera-app.jar", "-configfile", "/etc/tessera/quorum-node1.json"]),
            (SemanticVersion(24, 4, 2), ["/tessera/bin/tessera", "-configfile", "/etc/tessera/quorum-node1.json"]),
        ] {
            let (network, keys) = try ChainFixtures.network(tessera: tessera, nodes: 1)
            #expect(try NodeCommands(for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"])).tessera == argv)
        }
        #expect(TesseraConfig.podPath(of: "quorum-node1") == PodPaths.tesseraConfigDirectory + "/" + TesseraConfig.fileName(of: "quorum-node1"))
    }
}
