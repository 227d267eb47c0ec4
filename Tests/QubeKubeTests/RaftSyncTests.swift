import Foundation
import QubeCore
import QubeKube
import Testing

/// `syncRaftMembers` against recorded answers of a real GoQuorum 2.7.0 raft cluster: the exact
/// `raft.*` calls, the IDs geth gives, and a record that makes a re-run call nothing.
@Suite struct RaftSyncTests {
    /// The raft node that joined in the recordings (`raft-addPeer.txt`), here exported by B.
    let joinerID = "e86ca3d77dfe6e79878bbeedff1eed28a1358a84e7a2d2e3896a22d68c0f79b8366afdd078d58cacf649ec38f86ae7f4936e188d1ee3099d659403649bd7bdc4"
    /// The learner of the recordings (`raft-addLearner.txt`).
    let learnerID = "52674f0f3ac5296edf8a763783992aaa51ec124ba230e54441fbd91a6cbaad0b4899ccc44d305f63d793f7fe9e3a19a3d039b634823ed180cf381a5c86fac553"

    var joiner: ExternalNode { ExternalNode(name: "b-node1", enode: EnodeURL(nodeID: joinerID, host: "198.51.100.20", port: 30311, raftPort: 30511)) }
    var learner: ExternalNode {
        ExternalNode(
            name: "b-node2", enode: EnodeURL(nodeID: learnerID, host: "198.51.100.20", port: 30312, raftPort: 30512), isRaftLearner: true)
    }

    func member(_ externals: [ExternalNode], nodes: [String] = ["quorum-node1"]) throws -> Network {
        var net = try network(consensus: .raft, nodes: nodes.map { NodeSpec(name: $0) })
        for node in externals { try net.addExternal(node) }
        return net
    }

    /// Writes what `pod` answers: expression → recorded fixtures.
    func answers(_ cluster: FakeCluster, _ answers: [String: [String]], node: String = "quorum-node1") {
        cluster.write("exec/\(ResourceNames.pod(node))", answers.map { "\($0.key)\t\($0.value.joined(separator: " "))\n" }.sorted().joined())
    }

    /// The `geth attach --exec` expressions of the calls so far, with the pod each ran in.
    func expressions(_ cluster: FakeCluster) -> [String] {
        cluster.calls.filter { $0.first == "exec" }.map { "\($0[3]): \($0[$0.count - 2])" }
    }

    /// Syncs a member network peering with `externals` from `membership`; `changes: false`
    /// fails the test if anything is recorded.
    func sync(_ cluster: FakeCluster, _ externals: [ExternalNode], from membership: RaftMembership = RaftMembership(), changes: Bool = true)
        throws -> RaftMembership
    {
        try cluster.session(try member(externals)).syncRaftMembers(membership, dryRun: false) { _ in
            if !changes { Issue.record("recorded a change") }
        }
    }

    func addPeer(_ node: ExternalNode) -> String { "raft.addPeer(\"\(node.enode)\")" }

    @Test func addsAJoinerOnceAndRecordsItsID() throws {
        let cluster = try FakeCluster()
        answers(cluster, ["raft.role": ["raft-raft.role.txt"], addPeer(joiner): ["raft-addPeer.txt"]])
        var recorded: [RaftMembership] = []
        let membership = try cluster.session(try member([joiner])).syncRaftMembers(RaftMembership(), dryRun: false) { recorded.append($0) }
        #expect(membership.members == [RaftMembership.Member(name: "b-node1", nodeID: joinerID, raftID: 4)])
        #expect(recorded == [membership])
        #expect(expressions(cluster) == [
            "quorum-node1-0: raft.role",
            "quorum-node1-0: raft.addPeer(\"enode://\(joinerID)@198.51.100.20:30311?discport=0&raftport=30511\")",
        ])
        #expect(cluster.log == ["raft: added node 'b-node1' (raft.addPeer(\"\(joiner.enode)\")) as raft ID 4, on node 'quorum-node1' of network 'org-a'"])

        // A re-run with the record calls nothing, and a record carrying its Raft_Id is left alone too.
        let again = try FakeCluster()
        #expect(try sync(again, [joiner], from: membership, changes: false) == membership)
        var assigned = joiner
        assigned.raftID = 4
        #expect(try sync(again, [assigned], changes: false).members.isEmpty)
        #expect(again.calls.isEmpty)
    }

    /// In `raft-cluster-final.txt` 3 of 6 members are active (IDs 1, 2, 3): removing ID 2 would
    /// leave 2 active of 5, short of the majority of 3, so nothing is removed.
    @Test func aRemovalThatLeavesNoActiveMajorityIsRefused() throws {
        let cluster = try FakeCluster()
        answers(cluster, ["raft.role": ["raft-raft.role.txt"], "raft.cluster": ["raft-cluster-final.txt"], "raft.removePeer(2)": ["raft-removePeer.txt"]])
        let gone = RaftMembership(members: [RaftMembership.Member(name: "b-node1", nodeID: joinerID, raftID: 2)])
        #expect(
            throws: ValidationError(
                "raft cluster of network 'org-a': removing node 'b-node1' (raft ID 2) would leave 5 voting members with 2 active, short "
                    + "of the 3 the cluster needs to elect a leader and commit; start the inactive members, or remove them first")
        ) { try sync(cluster, [], from: gone, changes: false) }
        #expect(expressions(cluster) == ["quorum-node1-0: raft.role", "quorum-node1-0: raft.cluster"])
    }

    @Test func aNodeThatLeavesIsRemovedAndAddedAgainWithANewID() throws {
        let cluster = try FakeCluster()
        answers(
            cluster,
            [
                "raft.role": ["raft-raft.role.txt"], "raft.cluster": ["raft-cluster-after-join.txt"], "raft.removePeer(4)": ["raft-removePeer.txt"],
                addPeer(joiner): ["raft-addPeer-removed-node.txt"],
            ])
        let added = RaftMembership(members: [RaftMembership.Member(name: "b-node1", nodeID: joinerID, raftID: 4)])
        let removed = try sync(cluster, [], from: added)
        #expect(removed.members == [RaftMembership.Member(name: "b-node1", nodeID: joinerID, raftID: 4, isRemoved: true)])
        #expect(removed.active(nodeID: joinerID) == nil)
        // Gone means gone: a second run removes nothing again.
        #expect(try sync(cluster, [], from: removed, changes: false) == removed)

        let readded = try sync(cluster, [joiner], from: removed)
        #expect(readded.members.map(\.raftID) == [4, 5])
        #expect(readded.active(nodeID: joinerID)?.raftID == 5)
        let calls = ["raft.role", "raft.cluster", "raft.removePeer(4)", "raft.role", "raft.addPeer(\"enode://\(joinerID)@198.51.100.20:30311?discport=0&raftport=30511\")"]
        #expect(expressions(cluster) == calls.map { "quorum-node1-0: " + $0 })
    }

    @Test func aLearnerIsAddedAsOneAndPromotedWhenItsRecordNoLongerAsks() throws {
        let cluster = try FakeCluster()
        answers(
            cluster,
            ["raft.role": ["raft-raft.role.txt"], "raft.addLearner(\"\(learner.enode)\")": ["raft-addLearner.txt"], "raft.promoteToPeer(6)": ["raft-promoteToPeer.txt"]])
        let added = try sync(cluster, [learner])
        #expect(added.members == [RaftMembership.Member(name: "b-node2", nodeID: learnerID, raftID: 6, isLearner: true)])
        #expect(try sync(cluster, [learner], from: added, changes: false) == added)
        var voting = learner
        voting.isRaftLearner = false
        let promoted = try sync(cluster, [voting], from: added)
        #expect(promoted.members == [RaftMembership.Member(name: "b-node2", nodeID: learnerID, raftID: 6)])
        #expect(expressions(cluster) == ["raft.role", "raft.addLearner(\"\(learner.enode)\")", "raft.role", "raft.promoteToPeer(6)"].map { "quorum-node1-0: " + $0 })
    }

    /// A run cut short after geth added the node but before the record was written: the next
    /// add is refused as a duplicate, and the ID comes from `raft.cluster`.
    @Test func anAddThatGethAlreadyMadeTakesTheListedID() throws {
        let cluster = try FakeCluster()
        answers(
            cluster,
            ["raft.role": ["raft-raft.role.txt"], addPeer(joiner): ["raft-addPeer-existing.txt"], "raft.cluster": ["raft-cluster-after-addPeer.txt"]])
        let membership = try sync(cluster, [joiner])
        #expect(membership.active(nodeID: joinerID)?.raftID == 4)
    }

    @Test func aMemberThatIsDownLeavesTheWorkToTheNext() throws {
        let cluster = try FakeCluster()
        answers(cluster, ["raft.role": ["attach-no-socket.txt"]])
        answers(cluster, ["raft.role": ["raft-role-quorum-node2.txt"], addPeer(joiner): ["raft-addPeer-on-verifier.txt"]], node: "quorum-node2")
        let membership = try cluster.session(try member([joiner], nodes: ["quorum-node1", "quorum-node2"])).syncRaftMembers(RaftMembership(), dryRun: false) { _ in }
        #expect(membership.active(nodeID: joinerID) != nil)
        #expect(expressions(cluster).map { $0.prefix(17) } == ["quorum-node1-0: r", "quorum-node2-0: r", "quorum-node2-0: r"])

        let down = try FakeCluster()
        answers(down, ["raft.role": ["attach-no-socket.txt"]])
        #expect(throws: KubeError.consoleUnreachable(
            context: "kind-a", node: "quorum-node1",
            detail: "Fatal: Unable to attach to remote geth: dial unix <TMP>/nowhere/geth.ipc: connect: no such file or directory"
        )) { try sync(down, [joiner]) }
    }

    @Test func aRefusedAddIsAnErrorThatRecordsNothing() throws {
        let cluster = try FakeCluster()
        answers(cluster, ["raft.role": ["raft-raft.role.txt"], addPeer(joiner): ["raft-addPeer-no-raftport.txt"], "raft.cluster": ["raft-raft.cluster.txt"]])
        #expect(throws: KubeError.consoleRefused(
            context: "kind-a", node: "quorum-node1", expression: addPeer(joiner),
            message: String(try GethFixtures.answer("raft-addPeer-no-raftport.txt").stdout.split(separator: "\n")[0])
        )) { try sync(cluster, [joiner], changes: false) }
    }

    @Test func aDryRunSaysWhatItWouldCallAndCallsNothing() throws {
        let cluster = try FakeCluster()
        let recorded = RaftMembership(members: [RaftMembership.Member(name: "b-old", nodeID: String(repeating: "c", count: 128), raftID: 4)])
        let membership = try cluster.session(try member([joiner])).syncRaftMembers(recorded, dryRun: true) { _ in Issue.record("recorded") }
        #expect(membership == recorded)
        #expect(cluster.calls.isEmpty)
        #expect(cluster.log == [
            "dry run: raft cluster of network 'org-a' would add node 'b-node1' (raft.addPeer(\"\(joiner.enode)\"))",
            "dry run: raft cluster of network 'org-a' would remove node 'b-old', raft ID 4 (raft.removePeer)",
        ])
    }
}
