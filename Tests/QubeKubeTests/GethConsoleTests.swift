import Foundation
import QubeCore
import QubeCrypto
import QubeKube
import Testing

/// The recorded answers of a real GoQuorum 2.7.0 geth (`Tests/Fixtures/geth/2.7.0`).
enum GethFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/geth/2.7.0")

    /// Exit status and stdout of a recorded `geth attach --exec`; nil status for HTTP exchanges and logs.
    static func answer(_ name: String) throws -> (status: Int32?, stdout: String) {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let head = text.prefix { $0 != "\n" }
        let stdout = text.components(separatedBy: "\n--- stdout\n")[1].components(separatedBy: "--- stderr\n")[0]
        return (Int32(head.dropFirst("exit: ".count)), stdout)
    }

    static var consoleAnswers: [String] {
        get throws {
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }.sorted()
                .filter { try answer($0).status == 0 }
        }
    }
}

@Suite struct ConsoleValueTests {
    @Test("every recorded answer of a real geth reads as a value or as an error", arguments: try GethFixtures.consoleAnswers)
    func everyRecordedAnswerReads(fixture: String) throws {
        #expect(ConsoleValue.output(try GethFixtures.answer(fixture).stdout) != nil)
    }

    @Test func snapshotReadsWithBareAddressKeys() throws {
        guard case .value(let snapshot) = ConsoleValue.output(try GethFixtures.answer("ibft-getSnapshot-after-1-vote.txt").stdout) else {
            Issue.record("not a value")
            return
        }
        #expect(snapshot["number"]?.int == 194)
        #expect(snapshot["tally"]?["0xe72b483aaac04227dd392a48f603f93a040dd172"]?["votes"]?.int == 1)
        #expect(snapshot["votes"]?.array?.first?["authorize"]?.bool == true)
        #expect(snapshot["validators"]?.array?.count == 3)
    }

    @Test func valuesNestedBeyondThePrintedDepthAreElided() throws {
        guard case .value(let info) = ConsoleValue.output(try GethFixtures.answer("ibft-admin.nodeInfo.txt").stdout) else {
            Issue.record("not a value")
            return
        }
        #expect(info["protocols"]?["istanbul"]?["config"]?["istanbul"] == .elided)
        #expect(info["protocols"]?["istanbul"]?["config"]?["chainId"]?.int == 1000)
    }

    @Test func errorsKeepTheirFirstLineOnly() throws {
        #expect(
            ConsoleValue.output(try GethFixtures.answer("ibft-propose-bad-address.txt").stdout)
                == .error("Error: invalid argument 0: hex string has length 2, want 40 for common.Address"))
        #expect(ConsoleValue.output(try GethFixtures.answer("ibft-unknown-method.txt").stdout) == .error("TypeError: 'nosuch' is not a function"))
        #expect(
            ConsoleValue.output(try GethFixtures.answer("ibft-syntax-error.txt").stdout)
                == .error("(anonymous): Line 1:17 Unexpected end of input (and 1 more errors)"))
    }

    @Test func goQuotedStringsAndScalars() {
        #expect(ConsoleValue.output(#""a\"b\\c\n\x41\u00e9""#) == .value(.string("a\"b\\c\nAé")))
        #expect(ConsoleValue.output("[null, undefined, true, -1.5e+21, {}]\n")
            == .value(.array([.null, .null, .bool(true), .number("-1.5e+21"), .object([:])])))
    }

    @Test("what is not the pretty-printer's grammar is refused", arguments: [
        "", "{", "[1,", "{ a: 1, a: 2 }", "\"open", "+1", "nonsense", "[1] 2", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func malformedOutputIsRefused(text: String) {
        #expect(ConsoleValue.output(text) == nil)
    }
}

@Suite struct GethConsoleTests {
    let target = KubeTarget(context: "kind-a", namespace: "org-a")

    func console(_ cluster: FakeCluster, answers: [String: [String]], node: String = "quorum-node1") -> GethConsole {
        cluster.write("exec/\(ResourceNames.pod(node))", answers.map { "\($0.key)\t\($0.value.joined(separator: " "))\n" }.sorted().joined())
        return GethConsole(client: cluster.kubectl, target: target, node: node)
    }

    @Test func evaluatesThroughKubectlExecOverTheIPCSocket() throws {
        let cluster = try FakeCluster()
        let geth = console(cluster, answers: ["eth.blockNumber": ["ibft-node4-blockNumber.txt"]])
        #expect(try geth.blockNumber() == 179)
        #expect(
            cluster.calls == [
                [
                    "exec", "--context=kind-a", "--namespace=org-a", "quorum-node1-0", "--container=quorum", "--", "env",
                    "PRIVATE_CONFIG=ignore", "geth", "attach", "--exec", "eth.blockNumber", "/data/quorum/geth.ipc",
                ]
            ])
    }

    @Test func readsValidatorsProposalsAndPeers() throws {
        let cluster = try FakeCluster()
        let geth = console(
            cluster,
            answers: [
                "istanbul.getValidators()": ["ibft-istanbul.getValidators.txt"],
                "istanbul.candidates": ["ibft-istanbul.candidates-empty.txt", "ibft-candidates-after-propose.txt"],
                "clique.getSigners()": ["clique-getSigners.txt"],
                "admin.peers": ["ibft-admin.peers.txt"],
                "net.peerCount": ["ibft-net.peerCount.txt"],
                "eth.syncing": ["ibft-eth.syncing.txt"],
            ])
        #expect(try geth.validators(.istanbul).map(\.lowercaseHex) == [
            "2c47be6ada8753cb4457ec5e9a9a16ca0e0a47a8", "6a5eaa989092b30dd4d67006ab185b811a8759f7", "b00cb5f4beb9b5a7a834af6f522f03acf8959957",
        ])
        #expect(try geth.proposals(.istanbul).isEmpty)
        let candidate = try EthereumAddress(validating: "0xe72b483aaac04227dd392a48f603f93a040dd172")
        #expect(try geth.proposals(.qbft) == [candidate: true])
        #expect(try geth.validators(.clique).count == 3)
        #expect(try geth.peerIDs().count == 2)
        #expect(try geth.peerCount() == 2)
        #expect(try geth.isSyncing() == false)
    }

    @Test func castsAndDiscardsVotesWithTheRecordedExpressions() throws {
        let cluster = try FakeCluster()
        let address = try EthereumAddress(validating: "0xe72b483aaac04227dd392a48f603f93a040dd172")
        let geth = console(
            cluster,
            answers: [
                "istanbul.propose(\"0xe72b483aaac04227dd392a48f603f93a040dd172\", true)": ["ibft-propose.txt"],
                "istanbul.discard(\"0xe72b483aaac04227dd392a48f603f93a040dd172\")": ["ibft-discard.txt"],
            ])
        try geth.propose(address, authorize: true, .istanbul)
        try geth.discard(address, .istanbul)
        #expect(cluster.calls.count == 2)
    }

    @Test func managesRaftMembership() throws {
        let cluster = try FakeCluster()
        let enode = try EnodeURL(parsing: try recordedRaftJoiner())
        let geth = console(
            cluster,
            answers: [
                "raft.cluster": ["raft-raft.cluster.txt"],
                GethConsoleTests.call("raft.addPeer", enode.description): ["raft-addPeer.txt", "raft-addPeer-existing.txt"],
                "raft.removePeer(4)": ["raft-removePeer.txt"],
                "raft.role": ["raft-raft.role.txt"],
            ])
        let members = try geth.raftCluster()
        #expect(members.map(\.raftID).sorted() == [1, 2, 3])
        #expect(members.first { $0.raftID == 1 }?.role == "minter")
        #expect(try geth.raftAdd(enode) == 4)
        #expect(throws: KubeError.consoleRefused(
            context: "kind-a", node: "quorum-node1", expression: GethConsoleTests.call("raft.addPeer", enode.description),
            message: "Error: node with this enode has already been added to the cluster: 0fdbb3e4854a8f05edac45b59844fc1bc030ddc44b7c0dc632cf92003d6f4b81"
        )) { try geth.raftAdd(enode) }
        try geth.raftRemove(4)
        #expect(try geth.raftRole() == "minter")
    }

    @Test func aNodeThatIsDownOrMissingSaysSo() throws {
        let cluster = try FakeCluster()
        let geth = console(cluster, answers: ["eth.blockNumber": ["attach-no-socket.txt"]])
        #expect(throws: KubeError.consoleUnreachable(
            context: "kind-a", node: "quorum-node1",
            detail: "Fatal: Unable to attach to remote geth: dial unix <TMP>/nowhere/geth.ipc: connect: no such file or directory"
        )) { try geth.blockNumber() }
        let missing = GethConsole(client: cluster.kubectl, target: target, node: "quorum-node9")
        #expect(throws: KubeError.consoleUnreachable(
            context: "kind-a", node: "quorum-node9", detail: "Error from server (NotFound): pods \"quorum-node9-0\" not found"
        )) { try missing.blockNumber() }
    }

    @Test func aValueOfAnotherShapeIsAnError() throws {
        let cluster = try FakeCluster()
        let geth = console(cluster, answers: ["eth.blockNumber": ["ibft-eth.syncing.txt"]])
        #expect(throws: KubeError.self) { try geth.blockNumber() }
    }

    /// The enode of the raft node that joined in the recordings (`raft-addPeer.txt`'s command).
    func recordedRaftJoiner() throws -> String {
        let readme = try String(contentsOf: GethFixtures.directory.appendingPathComponent("README.md"), encoding: .utf8)
        let row = try #require(readme.split(separator: "\n").first { $0.hasPrefix("| `raft-addPeer.txt`") })
        let start = try #require(row.range(of: "raft.addPeer(\"")).upperBound
        return String(row[start...].prefix { $0 != "\"" })
    }

    static func call(_ function: String, _ argument: String) -> String { "\(function)(\"\(argument)\")" }
}
