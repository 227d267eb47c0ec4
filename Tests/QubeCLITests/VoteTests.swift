import Foundation
import Testing

/// `net:vote`, `net:status` and the `validator` flags, through `qube run` against the fake
/// kubectl answering with a real GoQuorum 2.7.0 geth's recorded answers: org-a runs
/// quorum-node1 (0x6a5e…), one of three IBFT validators; b-node1 (0xe72b…) is voted in.
@Suite struct VoteTests {
    static let fakeKubectl = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/kubectl/fake-kubectl").standardizedFileURL.path
    static let propose = "istanbul.propose(\"0xe72b483aaac04227dd392a48f603f93a040dd172\", true)"

    /// quorum-node1's answers: the set before and after b-node1 joined, its own vote.
    static let node1: [String: [String]] = [
        "istanbul.nodeAddress": ["ibft-istanbul.nodeAddress.txt"],
        "istanbul.getValidators()": ["ibft-istanbul.getValidators.txt"],
        "istanbul.getSnapshot()": ["ibft-istanbul.getSnapshot.txt", "ibft-getSnapshot-after-1-vote.txt"],
        "istanbul.candidates": ["ibft-istanbul.candidates-empty.txt", "ibft-candidates-after-propose.txt"],
        "eth.blockNumber": ["ibft-eth.blockNumber.txt"],
        "net.peerCount": ["ibft-net.peerCount.txt"],
        "eth.syncing": ["ibft-eth.syncing.txt"],
        propose: ["ibft-propose.txt"],
    ]

    /// A directory with the fake cluster's scenario: context `kind-a`, quorum-node1 answering.
    func cluster(_ answers: [String: [String]] = node1) throws -> QubeProcess {
        let qube = try QubeProcess()
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("record/.keep", "")
        try qube.write("scenario/exec/quorum-node1-0", answers.map { "\($0.key)\t\($0.value.joined(separator: " "))\n" }.sorted().joined())
        return qube
    }

    /// Runs `source` as topology.lua in `qube`'s directory, the fake kubectl keeping its record
    /// (and so the geth answers' progression) across runs.
    func run(_ qube: QubeProcess, _ source: String, options: [String] = ["-q"]) throws -> QubeProcess.Result {
        try qube.write("topology.lua", source)
        return try qube.run(
            ["run"] + options + ["topology.lua"],
            environment: [
                "QUBE_KUBECTL": Self.fakeKubectl,
                "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
            ])
    }

    /// What `result` printed on standard error beside genKeys' and render's lines.
    func said(_ result: QubeProcess.Result) -> String {
        result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("genKeys ") && !$0.hasPrefix("render ") }.joined(separator: "\n")
    }

    func calls(_ qube: QubeProcess, containing text: String) -> Int {
        String(decoding: qube.read("record/calls.jsonl") ?? Data(), as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
            .filter { $0.contains(text) }.count
    }

    static let network = """
        local a = network { name = "org-a", context = "kind-a" }
        a:addNode { name = "quorum-node1" }
        a:genKeys { kdf = "light" }
        local b1 = {
          name = "b-node1", address = "0xe72b483aaac04227dd392a48f603f93a040dd172",
          enode = "enode://65dcee55e60e7bd04bbc90bb114db37877a20f95f8f908cf9847d35fecd05d91d3b0a3465b4f3a56512d7ba4f28497fd67f058300cbe8fdfa363e1053573b419@203.0.113.9:30303?discport=0",
        }

        """

    /// org-a with quorum-node1, which answers, and quorum-node2, whose pod does not exist.
    static let twoNodes = """
        local a = network { name = "org-a", context = "kind-a" }
        a:addNode { name = "quorum-node1" }
        a:addNode { name = "quorum-node2" }
        a:genKeys { kdf = "light" }

        """

    static let tally = "b-node1: 1 of 2 votes needed (1 from org-a cast; 1 more from another organisation)\n"

    @Test func aVoteIsCastOnceAndReportedInWordsEveryRun() throws {
        let qube = try cluster()
        let script = Self.network + "local t = a:vote { add = b1 }\nprint(t[1].name, t[1].votes, t[1].needed, t[1].done)\n"
        let first = try run(qube, script, options: [])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(said(first) == Self.tally)
        #expect(first.standardOutput == "b-node1\t1\t2\tfalse\n")
        #expect(calls(qube, containing: Self.propose) == 1)
        let again = try run(qube, script, options: [])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(said(again) == Self.tally)
        #expect(try run(qube, script).standardError == "", "--quiet says no tally")
        #expect(calls(qube, containing: Self.propose) == 1)
    }

    @Test func aWaitThatTimesOutFailsAtTheVoteLineWithTheTally() throws {
        let qube = try cluster()
        let result = try run(qube, Self.network + "a:vote { add = b1, wait = true, timeout = 1 }\nprint('unreached')\n", options: [])
        #expect(result.status == 1)
        #expect(result.standardOutput == "")
        #expect(
            said(result) == Self.tally + "vote org-a: waiting for 1 change to take effect in the validator set\n"
                + "topology.lua:8: vote: the validator set did not change within 1s: " + Self.tally)
    }

    @Test func aDryRunPrintsThePlanAndCastsNothing() throws {
        let qube = try cluster()
        let result = try run(qube, Self.network + "a:vote { add = { b1 }, wait = true }\n", options: ["--dry-run"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("  quorum-node1: would cast its vote to add b-node1 (0xe72B483AAAc04227dD392a48f603F93A040dd172)\n" + Self.tally))
        #expect(calls(qube, containing: Self.propose) == 0)
    }

    /// Without `add` and `remove`, the `validator` flags are the desired set: quorum-node2,
    /// declared a validator, is not in the running set, so quorum-node1 would vote it in.
    @Test func withoutCandidatesTheValidatorFlagsAreTheDesiredSet() throws {
        let qube = try cluster()
        let result = try run(
            qube,
            Self.twoNodes + """
            a:vote()
            print(a:nodes()[2].address)

            """, options: ["--dry-run"])
        #expect(result.status == 0, "\(result.standardError)")
        let address = result.standardOutput.dropLast()
        #expect(result.standardError.contains("  quorum-node1: would cast its vote to add quorum-node2 (\(address))\n"))
        #expect(result.standardError.contains("quorum-node2: 1 of 2 votes needed (1 from org-a cast; 1 more from another organisation)\n"))
        #expect(calls(qube, containing: "istanbul.propose") == 0)
    }

    /// A script passes the lists it collected, empty or not: empty lists are no change, and no
    /// change asks nothing of the cluster (the network's nodes need not run yet).
    @Test func emptyListsCastNothingAndAskNoNode() throws {
        let qube = try cluster()
        let result = try run(qube, Self.network + "print(#a:vote { add = {}, remove = {}, wait = true })\n")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "0\n")
        #expect(result.standardError == "")
        #expect(calls(qube, containing: "exec") == 0)
    }

    /// A console qube may not reach (RBAC refuses pods/exec) is an error naming the permission,
    /// not a node that is down.
    @Test func anRBACRefusalIsAnErrorNotANodeDown() throws {
        let qube = try cluster()
        try qube.write("scenario/exec-forbidden", "alice\n")
        let result = try run(qube, Self.network + "print(a:status())\n")
        #expect(result.status == 1)
        #expect(result.standardOutput == "")
        #expect(
            result.standardError
                == "topology.lua:8: context 'kind-a': exec in pod quorum-node1-0 failed: Error from server (Forbidden): pods \"quorum-node1-0\" "
                + "is forbidden: User \"alice\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"org-a\" (RBAC: the kube "
                + "user of context 'kind-a' needs create on pods/exec in the network's namespace to reach the nodes' geth consoles, which "
                + "votes and status use)\n")
    }

    /// On a running chain of three (the fake's chain mode) with a3's pod gone, removing a2 would
    /// leave a1 alone live of two, short of the ⌈2·2/3⌉ = 2 that seal: refused at the line, and
    /// nothing cast.
    @Test func aRemovalLeavingNoLiveQuorumIsRefusedOnARunningChain() throws {
        let cluster = try ConvergeTests.Cluster(contexts: ["kind-a"], scenario: ["chain": ""])
        let network = """
            local a = network { name = "org-a", context = "kind-a" }
            for i = 1, 3 do a:addNode { name = "a" .. i } end
            a:genKeys { kdf = "light" }

            """
        try cluster.qube.write("topology.lua", network + "a:deploy()\n")
        #expect(try cluster.run(["topology.lua"]).status == 0)
        try FileManager.default.removeItem(at: cluster.qube.directory.appendingPathComponent("scenario/objects/statefulset/a3.json"))
        try cluster.qube.write("topology.lua", network + "a:vote { remove = a:nodes()[2] }\n")
        let result = try cluster.run(["topology.lua"])
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "topology.lua:4: vote: removing a2 would leave 2 validators, 1 of them live, fewer than the 2 the chain needs to "
                + "seal blocks (down: a3); bring the down validators back first\n")
        #expect(!cluster.calls.contains { $0.contains { $0.contains("istanbul.propose") } })
    }

    @Test func raftNetworksAreRefusedAtTheLine() throws {
        let qube = try cluster()
        let result = try run(qube, Self.network.replacingOccurrences(of: "context = \"kind-a\"", with: "context = \"kind-a\", consensus = \"raft\"") + "a:vote { add = b1 }\n")
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("topology.lua:8: vote: network 'org-a' runs raft, which has no validator votes"))
    }

    @Test func aRecordWithoutAnAddressIsRefused() throws {
        let qube = try cluster()
        let result = try run(qube, Self.network + "b1.address = nil\na:vote { add = b1 }\n")
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:9: vote: add: record 'b-node1' has no Node_Acct_Addr, the address a vote names\n")
    }

    @Test func statusPrintsOneLinePerNodeAndSaysDownWithoutFailing() throws {
        let qube = try cluster()
        let result = try run(
            qube,
            Self.twoNodes + """
            local status = a:status()
            print(status)
            print(status.nodes[1].blockNumber, status.nodes[1].validator, status.nodes[2].ready, status.chain.majorityNeeded)

            """)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput == """
                quorum-node1: ready, block 106, 2 peers, validator, in sync
                quorum-node2: down (Error from server (NotFound): pods "quorum-node2-0" not found)
                chain: 3 validators (1 of org-a live, 2 of other organisations); 2 votes change the set, 2 must be up to seal blocks
                106\ttrue\tfalse\t2

                """)
    }

    /// A validator flag the pinned genesis contradicts is said at its line, and the node a
    /// candidate in the export, which other organisations' scripts vote for.
    @Test func aFlagThePinnedGenesisLacksWarnsAndExportsACandidate() throws {
        let qube = try QubeProcess()
        let declare = { (third: String) in
            """
            local a = network { name = "org-a", expose = { type = "NodePort", nodeIp = "203.0.113.7" } }
            a:addNode { name = "n1", nodePort = 30301, tmNodePort = 30401 }
            a:addNode { name = "n2", nodePort = 30302, tmNodePort = 30402 }
            \(third)
            a:genKeys { kdf = "light" }
            a:render()
            writeExternal("org-a.external.yaml", a:exportExternal())
            for _, r in ipairs(readExternal("org-a.external.yaml")) do print(r.Node_UserIdent, r.Validator_Candidate) end

            """
        }
        let first = try run(qube, declare(""))
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput == "n1\tnil\nn2\tnil\n")
        let second = try run(qube, declare("a:addNode { name = \"n3\", nodePort = 30303, tmNodePort = 30403 }"))
        #expect(second.status == 0, "\(second.standardError)")
        #expect(
            second.standardError
                == "warning: topology.lua:4: node 'n3' is declared validator = true, but the genesis of network 'org-a' "
                + "(keys/org-a/genesis.json) is pinned without it: it becomes a validator by vote (net:vote())\n")
        #expect(second.standardOutput == "n1\tnil\nn2\tnil\nn3\ttrue\n")
        let exported = String(decoding: try #require(qube.read("org-a.external.yaml")), as: UTF8.self)
        // Only n3's record, the last, carries the key.
        #expect(exported.hasSuffix("  Validator_Candidate: \"true\"\n"))
        #expect(exported.components(separatedBy: "Validator_Candidate").count == 2)
        // Switching n2 off is said the same way; n2 is then no candidate.
        let third = try run(qube, declare("a:addNode { name = \"n3\", nodePort = 30303, tmNodePort = 30403 }").replacingOccurrences(
            of: "name = \"n2\",", with: "name = \"n2\", validator = false,"))
        #expect(third.status == 0, "\(third.standardError)")
        #expect(
            third.standardError.hasPrefix(
                "warning: topology.lua:3: node 'n2' is declared validator = false, but the genesis of network 'org-a' "
                    + "(keys/org-a/genesis.json) is pinned with it: it leaves the set by vote (net:vote())\n"))
    }
}
