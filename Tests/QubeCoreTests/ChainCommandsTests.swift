import Testing
import Foundation
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
            (SemanticVersion(0, 10, 6), ["java", "-Xmx512m", "-jar", "/tessera/tessera-app.jar", "-configfile", "/etc/tessera/quorum-node1.json"]),
            (SemanticVersion(24, 4, 2), ["/tessera/bin/tessera", "-configfile", "/etc/tessera/quorum-node1.json"]),
        ] {
            let (network, keys) = try ChainFixtures.network(tessera: tessera, nodes: 1)
            #expect(try NodeCommands(for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"])).tessera == argv)
        }
        #expect(TesseraConfig.podPath(of: "quorum-node1") == PodPaths.tesseraConfigDirectory + "/" + TesseraConfig.fileName(of: "quorum-node1"))
    }
}

/// Pod start: geth waits for Tessera, answers in-cluster clients, and Tessera's heap fits its container.
struct ChainPodStartTests {
    static func commands(
        quorum: SemanticVersion = SemanticVersion(24, 4, 1), tessera: SemanticVersion? = SemanticVersion(24, 4, 2), gethParams: String = ""
    ) throws -> NodeCommands {
        let (network, keys) = try ChainFixtures.network(quorum: quorum, tessera: tessera, nodes: 1, gethParams: gethParams)
        return try NodeCommands(for: network.nodes[0], in: network, keys: try #require(keys["quorum-node1"]))
    }

    /// The value following `flag` in `argv`, or nil.
    static func value(of flag: String, in argv: [String]) -> String? {
        argv.firstIndex(of: flag).flatMap { argv.indices.contains($0 + 1) ? argv[$0 + 1] : nil }
    }

    @Test(arguments: ChainCommandsTests.releases)
    func gethWaitsForTesseraOnlyWhenTheNetworkHasTessera(_ version: SemanticVersion) throws {
        let with = try Self.commands(quorum: version)
        #expect(Array(with.quorumContainer.prefix(2)) == ["sh", "-c"])
        #expect(with.quorumContainer[3] == "qube-wait-for-tessera")
        #expect(Array(with.quorumContainer.dropFirst(4)) == with.geth)
        let script = with.quorumContainer[2]
        #expect(script.contains("until wget -q -T 5 -O /dev/null http://127.0.0.1:9001/upcheck; do"))
        #expect(script.hasSuffix("exec \"$@\""))
        #expect(script.contains("+ 180 ))"))
        let without = try Self.commands(quorum: version, tessera: nil)
        #expect(without.quorumContainer == without.geth)
    }

    /// Runs the quorum container's argv with fake `wget`, `date`, `sleep` and `geth` first on PATH:
    /// `wget` fails `failures` times, `date` advances `step` seconds per call, `geth` writes its argv.
    static func runWait(_ argv: [String], failures: Int, step: Int) throws -> (status: Int32, output: String, geth: [String]?) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-wait-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.path
        let fakes = [
            "wget": "n=$(cat \"\(state)/wget.count\" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \"\(state)/wget.count\"; [ \"$n\" -gt \(failures) ]",
            "date": "n=$(cat \"\(state)/date.now\" 2>/dev/null || echo 1000); echo $((n + \(step))) > \"\(state)/date.now\"; echo $n",
            "sleep": ":",
            "geth": "printf '%s\\0' \"$0\" \"$@\" > \"\(state)/geth.argv\"",
        ]
        for (name, body) in fakes {
            let path = directory.appendingPathComponent(name).path
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = Array(argv.dropFirst())
        process.environment = ["PATH": state + ":/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let recorded = FileManager.default.contents(atPath: state + "/geth.argv").map {
            String(decoding: $0, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        return (process.terminationStatus, output, recorded.map { [URL(fileURLWithPath: $0[0]).lastPathComponent] + $0.dropFirst() })
    }

    @Test func theWaitExecsGethWithHostileParametersLiterallyOnceTesseraAnswers() throws {
        let hostile = "--identity \"$(touch /tmp/qube-pwned)\" '`id`\nline2' --x=$HOME;ls '' \"*\""
        let commands = try Self.commands(gethParams: hostile)
        #expect(commands.quorumContainer[0] == "sh")
        let run = try Self.runWait(commands.quorumContainer, failures: 2, step: 1)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.geth == commands.geth)
        #expect(Array(commands.geth.suffix(6)) == ["--identity", "$(touch /tmp/qube-pwned)", "`id`\nline2", "--x=$HOME;ls", "", "*"])
        #expect(run.output.components(separatedBy: "qube: waiting for Tessera to answer http://127.0.0.1:9001/upcheck").count == 3)
        #expect(run.output.contains("qube: Tessera answers http://127.0.0.1:9001/upcheck; starting geth"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/qube-pwned"))
    }

    @Test func theWaitGivesUpAfterItsBoundNamingTheURL() throws {
        let commands = try Self.commands()
        // date advances 100 s per call: the deadline (start + 180 s) passes on the second check.
        let run = try Self.runWait(commands.quorumContainer, failures: .max, step: 100)
        #expect(run.status == 1)
        #expect(run.geth == nil)
        #expect(run.output.contains("qube: Tessera did not answer http://127.0.0.1:9001/upcheck within 180 s; exiting so that the container restarts"))
    }

    /// The wait polls P2P because Tessera starts its servers in config order: P2P must come after Q2T.
    @Test func theP2PServerTheWaitPollsStartsAfterQ2T() throws {
        let (network, keys) = try ChainFixtures.network(nodes: 1)
        let files = try ChainFiles(for: network, keys: keys, genesis: try Genesis.new(for: network, keys: keys), tesseraKeysLocked: false)
        let data = try #require(files.tesseraConfigs["quorum-node1"])
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let servers = try #require(config["serverConfigs"] as? [[String: Any]])
        let apps = servers.compactMap { $0["app"] as? String }
        #expect(apps.last == "P2P" && apps.contains("Q2T"))
        #expect((servers.last?["bindingAddress"] as? String) == "http://0.0.0.0:\(Ports.tesseraP2P)")
    }

    @Test func rpcAcceptsTheNodesServiceNamesPerRelease() throws {
        let names = "localhost,quorum-node1,quorum-node1.org-a,quorum-node1.org-a.svc,quorum-node1.org-a.svc.cluster.local"
        let origins = names.split(separator: ",").flatMap { ["http://\($0)", "https://\($0)"] }.joined(separator: ",")
        let old = try Self.commands(quorum: SemanticVersion(2, 7, 0), tessera: nil).geth
        #expect(Self.value(of: "--rpcvhosts", in: old) == names)
        #expect(Self.value(of: "--wsorigins", in: old) == origins)
        for version in [SemanticVersion(21, 4, 2), SemanticVersion(24, 4, 1)] {
            let new = try Self.commands(quorum: version, tessera: nil).geth
            #expect(Self.value(of: "--http.vhosts", in: new) == names)
            #expect(Self.value(of: "--ws.origins", in: new) == origins)
            #expect(!new.contains("--rpcvhosts") && !new.contains("--wsorigins"))
            #expect(!new.contains("*"))
        }
    }

    @Test(arguments: ["--http.vhosts=*", "--http.vhosts *", "-rpcvhosts=*", "--rpcvhosts '*'"])
    func aUsersVhostsWinInEitherSpelling(_ params: String) throws {
        let geth = try Self.commands(gethParams: params + " --ws.origins=https://dapp.example").geth
        #expect(ChainCommandsTests.flags(geth).filter { $0.hasSuffix("vhosts") }.count == 1)
        #expect(ChainCommandsTests.flags(geth).filter { $0.hasSuffix("origins") } == ["ws.origins"])
        #expect(geth.last == "--ws.origins=https://dapp.example")
    }

    @Test func tesseraHeapIsBoundedToItsContainer() throws {
        let jar = try Self.commands(quorum: SemanticVersion(2, 7, 0), tessera: SemanticVersion(0, 10, 6))
        #expect(jar.tessera == ["java", "-Xmx512m", "-jar", "/tessera/tessera-app.jar", "-configfile", "/etc/tessera/quorum-node1.json"])
        #expect(jar.tesseraEnvironment.isEmpty)
        for version in [SemanticVersion(21, 7, 3), SemanticVersion(24, 4, 2)] {
            let distribution = try Self.commands(tessera: version)
            #expect(distribution.tessera == ["/tessera/bin/tessera", "-configfile", "/etc/tessera/quorum-node1.json"])
            #expect(distribution.tesseraEnvironment.map(\.name) == ["JAVA_OPTS"])
            #expect(distribution.tesseraEnvironment.map(\.value) == ["-Xmx512m"])
        }
        #expect(PodResources.tessera.limits.memory == "1024Mi")
    }
}
