import Foundation
import QubeCore
import QubeCrypto
import QubeKube
import Testing

/// `NetworkCluster.vote` and `status` against the fake kubectl answering with a real
/// GoQuorum 2.7.0 geth's recorded answers: org-a runs quorum-node1 (0x6a5e…), one of three
/// IBFT validators; the other two are other organisations'. b-node1 (0xe72b…) is voted in,
/// as it was on the recorded chain: node1's vote first, the set changing at the 2nd vote.
@Suite struct ValidatorVoteTests {
    static let candidate = try! EthereumAddress(validating: "0xe72b483aaac04227dd392a48f603f93a040dd172")
    static let propose = "istanbul.propose(\"0xe72b483aaac04227dd392a48f603f93a040dd172\", true)"
    static let discard = "istanbul.discard(\"0xe72b483aaac04227dd392a48f603f93a040dd172\")"
    let add = [ValidatorChange(name: "b-node1", address: candidate, authorize: true)]

    /// node1's answers over the vote: the set before, after its own vote, after the 2nd vote;
    /// its proposals empty, then holding its vote (also after the change), then discarded.
    static let votingNode1: [String: [String]] = [
        "istanbul.nodeAddress": ["ibft-istanbul.nodeAddress.txt"],
        "istanbul.getValidators()": [
            "ibft-istanbul.getValidators.txt", "ibft-getValidators-after-1-vote.txt", "ibft-getValidators-after-2-votes.txt",
        ],
        "istanbul.getSnapshot()": ["ibft-istanbul.getSnapshot.txt", "ibft-getSnapshot-after-1-vote.txt", "ibft-getSnapshot-after-2-votes.txt"],
        "istanbul.candidates": [
            "ibft-istanbul.candidates-empty.txt", "ibft-candidates-after-propose.txt", "ibft-candidates-after-join.txt",
            "ibft-candidates-after-discard.txt",
        ],
        propose: ["ibft-propose.txt"],
        discard: ["ibft-discard.txt"],
    ]

    /// A fake cluster where `answers` are node1's and org-a runs `nodes`.
    func cluster(_ answers: [String: [String]], nodes: [String] = ["quorum-node1"], consensus: Consensus = .istanbul) throws -> (
        FakeCluster, NetworkCluster
    ) {
        let fake = try FakeCluster()
        fake.write("exec/\(ResourceNames.pod("quorum-node1"))", answers.map { "\($0.key)\t\($0.value.joined(separator: " "))\n" }.sorted().joined())
        return (fake, fake.session(try network(consensus: consensus, nodes: nodes.map { NodeSpec(name: $0) })))
    }

    func execs(_ fake: FakeCluster, _ expression: String) -> Int {
        fake.calls.filter { $0.first == "exec" && $0.contains(expression) }.count
    }

    @Test func aFirstRunCastsTheLocalVoteAndSaysWhatIsMissing() throws {
        let (fake, net) = try cluster(Self.votingNode1)
        let tallies = try net.vote(add, options: .test())
        #expect(execs(fake, Self.propose) == 1)
        #expect(tallies.map(\.cast) == [1] && tallies.map(\.needed) == [2] && tallies.map(\.isDone) == [false])
        #expect(
            fake.log == [
                "  quorum-node1: cast its vote to add b-node1 (0xe72B483AAAc04227dD392a48f603F93A040dd172)",
                "b-node1: 1 of 2 votes needed (1 from org-a cast; 1 more from another organisation)",
            ])
    }

    @Test func aReRunCastsNothingTwiceAndDiscardsOnceTheSetChanged() throws {
        let (fake, net) = try cluster(Self.votingNode1)
        try net.vote(add, options: .test())
        // Run 2: node1's vote is sealed and still proposed; nothing to cast.
        try net.vote(add, options: .test())
        #expect(execs(fake, Self.propose) == 1)
        #expect(fake.log.last == "b-node1: 1 of 2 votes needed (1 from org-a cast; 1 more from another organisation)")
        // Run 3: the other organisation voted; the set has b-node1, node1's proposal goes.
        let done = try net.vote(add, options: .test())
        #expect(done.map(\.isDone) == [true])
        #expect(execs(fake, Self.discard) == 1)
        #expect(fake.log.suffix(2) == ["b-node1: a validator (set of 4)", "  quorum-node1: discarded its proposal on b-node1, now pointless"])
        // Run 4: nothing left to cast or discard.
        try net.vote(add, options: .test())
        #expect(execs(fake, Self.propose) == 1 && execs(fake, Self.discard) == 1)
    }

    @Test func waitingFollowsTheSetUntilItChanges() throws {
        var (fake, net) = try cluster(Self.votingNode1)
        net.consensusPollInterval = .milliseconds(10)
        let tallies = try net.vote(add, options: .test(wait: true, timeout: .seconds(30)))
        #expect(tallies.map(\.isDone) == [true])
        #expect(execs(fake, Self.propose) == 1 && execs(fake, Self.discard) == 1)
        #expect(fake.log.contains("b-node1: a validator (set of 4)"))
    }

    @Test func waitingFailsWithTheTallyOnTimeout() throws {
        var answers = Self.votingNode1
        answers["istanbul.getValidators()"] = ["ibft-istanbul.getValidators.txt"]
        answers["istanbul.getSnapshot()"] = ["ibft-istanbul.getSnapshot.txt", "ibft-getSnapshot-after-1-vote.txt"]
        var (fake, net) = try cluster(answers)
        net.consensusPollInterval = .milliseconds(100)
        #expect(
            throws: VoteError(
                "the validator set did not change within 1s: b-node1: 1 of 2 votes needed (1 from org-a cast; 1 more from another organisation)")
        ) {
            try net.vote(add, options: .test(wait: true, timeout: .seconds(1)))
        }
        withExtendedLifetime(fake) {}
    }

    @Test func aDryRunSaysWhatItWouldCastAndCastsNothing() throws {
        let (fake, net) = try cluster(Self.votingNode1)
        try net.vote(add, options: .test(wait: true, dryRun: true))
        #expect(execs(fake, Self.propose) == 0)
        #expect(fake.log.first == "  quorum-node1: would cast its vote to add b-node1 (0xe72B483AAAc04227dD392a48f603F93A040dd172)")
    }

    @Test func aRemovalThatLeavesTooFewLiveValidatorsIsRefused() throws {
        // quorum-node2, a validator by its keys (0xb00c…), is down: its pod does not answer.
        let (fake, cluster) = try cluster(Self.votingNode1, nodes: ["quorum-node1", "quorum-node2"])
        var net = cluster
        net.sealingAddresses = ["quorum-node2": try EthereumAddress(validating: "0xb00cb5f4beb9b5a7a834af6f522f03acf8959957")]
        let other = try EthereumAddress(validating: "0x2c47be6ada8753cb4457ec5e9a9a16ca0e0a47a8")
        #expect(
            throws: VoteError(
                "removing c-node1 would leave 2 validators, 1 of them live, fewer than the 2 the chain needs to seal blocks "
                    + "(down: quorum-node2); bring the down validators back first")
        ) {
            try net.vote([ValidatorChange(name: "c-node1", address: other, authorize: false)], options: .test())
        }
        #expect(!fake.calls.contains { $0.contains { $0.contains("propose") } })
    }

    /// Clique votes with `clique.propose`, names its voters `signer` in the snapshot, and a
    /// node's sealing address is its etherbase (`eth.coinbase`).
    @Test func cliqueVotesThroughItsOwnAPI() throws {
        let signer = try EthereumAddress(validating: "0x2bd627ecc1420652f578077e72f06c83e4ed8db5")
        let propose = "clique.propose(\"0x2bd627ecc1420652f578077e72f06c83e4ed8db5\", true)"
        let (fake, net) = try cluster(
            [
                "eth.coinbase": ["clique-eth.coinbase.txt"],
                "clique.getSigners()": ["clique-getSigners.txt", "clique-getSigners-after-1-vote.txt", "clique-getSigners-after-2-votes.txt"],
                "clique.getSnapshot()": ["clique-getSnapshot.txt", "clique-getSnapshot-after-1-vote.txt", "clique-getSnapshot-after-2-votes.txt"],
                // The proposal stays after the change until discarded, as with IBFT (fixtures README).
                "clique.proposals": [
                    "clique-proposals-empty.txt", "clique-proposals-after-propose.txt", "clique-proposals-after-propose.txt",
                    "clique-proposals-after-discard.txt",
                ],
                propose: ["clique-propose.txt"],
                "clique.discard(\"0x2bd627ecc1420652f578077e72f06c83e4ed8db5\")": ["clique-discard.txt"],
            ], consensus: .clique)
        let change = [ValidatorChange(name: "b-node1", address: signer, authorize: true)]
        try net.vote(change, options: .test())
        // The re-run sees node1's vote sealed (the snapshot's `signer`) and casts nothing.
        try net.vote(change, options: .test())
        #expect(execs(fake, propose) == 1)
        #expect(fake.log.last == "b-node1: 1 of 2 votes needed (1 from org-a cast; 1 more from another organisation)")
        let done = try net.vote(change, options: .test())
        #expect(done.map(\.isDone) == [true] && done.map(\.setSize) == [4])
        #expect(execs(fake, "clique.discard(\"0x2bd627ecc1420652f578077e72f06c83e4ed8db5\")") == 1)
        try net.vote(change, options: .test())
        #expect(execs(fake, propose) == 1 && execs(fake, "clique.discard(\"0x2bd627ecc1420652f578077e72f06c83e4ed8db5\")") == 1)
    }

    @Test func raftIsRefusedForItsMembership() throws {
        let (fake, net) = try cluster([:], consensus: .raft)
        #expect(throws: VoteError.self) { try net.vote(add, options: .test()) }
        #expect(fake.calls.isEmpty)
    }

    @Test func statusReportsEveryNodeAndTheChainADownNodeIncluded() throws {
        var answers = Self.votingNode1
        answers["eth.blockNumber"] = ["ibft-eth.blockNumber.txt"]
        answers["net.peerCount"] = ["ibft-net.peerCount.txt"]
        answers["eth.syncing"] = ["ibft-eth.syncing.txt"]
        let (fake, cluster) = try cluster(answers, nodes: ["quorum-node1", "quorum-node2", "quorum-node3"])
        // quorum-node3's pod runs, but its geth is not listening on IPC.
        fake.write("exec/\(ResourceNames.pod("quorum-node3"))", "istanbul.nodeAddress\tattach-no-socket.txt\n")
        var net = cluster
        net.sealingAddresses = ["quorum-node2": try EthereumAddress(validating: "0xb00cb5f4beb9b5a7a834af6f522f03acf8959957")]
        let status = try net.status()
        let block = try #require(Int(try GethFixtures.answer("ibft-eth.blockNumber.txt").stdout.dropLast()))
        #expect(
            status.report == [
                "quorum-node1: ready, block \(block), 2 peers, validator, in sync",
                "quorum-node2: down (Error from server (NotFound): pods \"quorum-node2-0\" not found)",
                "quorum-node3: down (Fatal: Unable to attach to remote geth: dial unix <TMP>/nowhere/geth.ipc: connect: no such file or directory)",
                "chain: 3 validators (1 of org-a live, 1 of org-a down, 1 of other organisations); 2 votes change the set, 2 must be up to seal blocks",
            ])
        #expect(!status.nodes[1].ready && status.nodes[1].blockNumber == nil && status.nodes[1].validator == nil)
        #expect(status.chain?.majorityNeeded == 2)
        withExtendedLifetime(fake) {}
    }
}
