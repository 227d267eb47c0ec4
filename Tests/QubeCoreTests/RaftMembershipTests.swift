import Foundation
import QubeCore
import Testing

/// `keys/<network>/raft-ids.json`: what a member network plans from it, what it refuses, and its
/// strict reading as untrusted input.
@Suite struct RaftMembershipTests {
    let one = String(repeating: "a", count: 128)
    let two = String(repeating: "b", count: 128)

    func external(_ nodeID: String, _ name: String, raftID: Int? = nil, learner: Bool = false) -> ExternalNode {
        ExternalNode(
            name: name, enode: EnodeURL(nodeID: nodeID, host: "198.51.100.20", port: 30311, raftPort: 30511), raftID: raftID,
            isRaftLearner: learner)
    }

    @Test func planAddsNewNodesPromotesLearnersAndRemovesLeavers() throws {
        let recorded = RaftMembership(members: [
            RaftMembership.Member(name: "b-node1", nodeID: one, raftID: 4, isLearner: true),
            RaftMembership.Member(name: "b-node2", nodeID: two, raftID: 5),
        ])
        let newcomer = external(String(repeating: "c", count: 128), "b-node3")
        let assigned = external(String(repeating: "d", count: 128), "c-node1", raftID: 7)
        #expect(recorded.plan(for: [external(one, "b-node1"), newcomer, assigned]) == [
            .promote(recorded.members[0]), .add(newcomer), .remove(recorded.members[1]),
        ])
        #expect(recorded.plan(for: [external(one, "b-node1", learner: true), external(two, "b-node2")]).isEmpty)
        // A record still carrying the ID this network removed the node with is stale: the node is added again.
        let removed = RaftMembership(members: [RaftMembership.Member(name: "b-node2", nodeID: two, raftID: 5, isRemoved: true)])
        let stale = external(two, "b-node2", raftID: 5)
        #expect(removed.plan(for: [stale]) == [.add(stale)])
        #expect(removed.plan(for: [external(two, "b-node2", raftID: 6)]).isEmpty)
    }

    @Test func anIDIsNeverReusedNorANodeRenumbered() throws {
        var membership = RaftMembership(members: [RaftMembership.Member(name: "b-node1", nodeID: one, raftID: 4, isRemoved: true)])
        #expect(throws: ValidationError("raft ID 4 was given to node 'b-node1' before, not to 'b-node2'; raft IDs are never reused")) {
            try membership.record(RaftMembership.Member(name: "b-node2", nodeID: two, raftID: 4))
        }
        try membership.record(RaftMembership.Member(name: "b-node1", nodeID: one, raftID: 5))
        #expect(
            throws: ValidationError(
                "node 'b-node1' already has raft ID 5, not 6; a node's raft ID never changes while its chain data lives "
                    + "(to take a new one, delete the node's volume and its entry in the raft ID record)")
        ) { try membership.record(RaftMembership.Member(name: "b-node1", nodeID: one, raftID: 6)) }
        #expect(membership.members.map(\.raftID) == [4, 5])
        #expect(membership.active(nodeID: one)?.raftID == 5)
    }

    @Test func readsWhatItRendersAndNothingElse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-raft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(RaftMembership.fileName)
        #expect(try RaftMembership.read(from: file, displayPath: "raft-ids.json") == RaftMembership())
        let membership = RaftMembership(members: [
            RaftMembership.Member(name: "b-node2", nodeID: two, raftID: 6, isLearner: true),
            RaftMembership.Member(name: "b-node1", nodeID: one, raftID: 4, isRemoved: true),
        ])
        try membership.render().write(to: file)
        #expect(try RaftMembership.read(from: file, displayPath: "raft-ids.json") == membership)
        #expect(String(decoding: membership.render(), as: UTF8.self).hasPrefix("{\n  \"members\": [\n    {\n      \"learner\": false,\n      \"name\": \"b-node1\","))
        // A founding network's record names its founders too, and reads back the same.
        var founding = membership
        founding.founders = [one]
        try founding.render().write(to: file)
        #expect(try RaftMembership.read(from: file, displayPath: "raft-ids.json") == founding)
        #expect(String(decoding: founding.render(), as: UTF8.self).hasPrefix("{\n  \"founders\": [\n    \"\(one)\"\n  ],\n  \"members\": ["))

        func failure(_ text: String) -> String {
            try? Data(text.utf8).write(to: file)
            do {
                _ = try RaftMembership.read(from: file, displayPath: "raft-ids.json")
                return "read"
            } catch {
                return error.description
            }
        }
        let entry = { (id: String) in "{\"members\": [{\"name\": \"b-node1\", \"nodeId\": \"\(one)\", \"raftId\": \(id), \"learner\": false, \"removed\": false}]}" }
        #expect(failure(entry("0")) == "raft-ids.json: members[0].raftId: must be from 1 to 65535, got 0")
        #expect(failure(entry("true")) == "raft-ids.json: members[0]: must be an object of name, nodeId, raftId, learner and removed")
        #expect(failure(entry("4").replacingOccurrences(of: "\"learner\": false", with: "\"learner\": 0"))
            == "raft-ids.json: members[0]: must be an object of name, nodeId, raftId, learner and removed")
        #expect(failure(entry("4").replacingOccurrences(of: one, with: "zz")) == "raft-ids.json: members[0].nodeId: must be 128 hex digits")
        #expect(failure("[]") == "raft-ids.json: must be a JSON object with the key \"members\", a list of raft members, and optionally \"founders\"")
        #expect(failure("{\"members\": [], \"other\": 1}") == failure("[]"))
        #expect(failure("{\"members\": [], \"founders\": [\"zz\"]}") == "raft-ids.json: founders: must be a non-empty list of distinct node IDs of 128 hex digits")
        #expect(failure("{\"members\": [], \"founders\": [\"\(one)\", \"\(one)\"]}").hasSuffix("distinct node IDs of 128 hex digits"))
        let twice = "{\"members\": [" + [entry("4"), entry("5")].map { String($0.dropFirst(13).dropLast(2)) }.joined(separator: ", ") + "]}"
        #expect(failure(twice).hasPrefix("raft-ids.json: members[1]: node 'b-node1' already has raft ID 4, not 5"))
    }

    @Test func raftRecordKeysAreValidated() throws {
        let record = { (extra: String) in
            "external_nodes:\n- Node_UserIdent: \"b-node1\"\n  Enode_Url: \"enode://\(String(repeating: "a", count: 128))@1.2.3.4:30311?discport=0&raftport=30511\"\n" + extra
        }
        let nodes = try ExternalNodesFile.parse(Data(record("  Raft_Id: \"4\"\n  Raft_Learner: \"true\"\n").utf8), displayPath: "org-b.yaml")
        #expect(nodes.map(\.raftID) == [4])
        #expect(nodes.map(\.isRaftLearner) == [true])
        #expect(String(decoding: ExternalNodesFile.render(nodes), as: UTF8.self).hasSuffix("  Raft_Id: \"4\"\n  Raft_Learner: \"true\"\n"))
        for (extra, message) in [
            ("  Raft_Id: \"65536\"\n", "org-b.yaml:4: external_nodes[0].Raft_Id: '65536' is not a raft ID: expected a whole number from 1 to 65535"),
            ("  Raft_Id: \"-1\"\n", "org-b.yaml:4: external_nodes[0].Raft_Id: '-1' is not a raft ID: expected a whole number from 1 to 65535"),
            ("  Raft_Learner: \"yes\"\n", "org-b.yaml:4: external_nodes[0].Raft_Learner: 'yes' is not \"true\" or \"false\""),
        ] {
            #expect(throws: InputFileError.self) { try ExternalNodesFile.parse(Data(record(extra).utf8), displayPath: "org-b.yaml") }
            do {
                _ = try ExternalNodesFile.parse(Data(record(extra).utf8), displayPath: "org-b.yaml")
            } catch {
                #expect(error.description == message)
            }
        }
    }
}
