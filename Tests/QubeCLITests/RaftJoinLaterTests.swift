import Foundation
import Testing

/// A node added to a raft network after its founders first deployed joins the running cluster:
/// on the fake kubectl's raft chain, a running founder adds it (`raft.addPeer`), its ID is
/// recorded, and it starts with `--raftjoinexisting <id>`, once.
@Suite struct RaftJoinLaterTests {
    /// raft-a's founders, and `more` after them.
    static func script(more: String = "") -> String {
        """
        local a = network { name = "raft-a", consensus = "raft", tessera = false, context = "kind-a" }
        for i = 1, 3 do a:addNode { name = "a-node" .. i } end
        \(more)
        a:genKeys { kdf = "light" }
        a:deploy()
        for _, m in ipairs(a:syncRaft()) do print(m.name, m.raftId, m.nodeId) end

        """
    }

    /// The `pod: expression` of each exec among `calls`.
    static func execs(_ calls: some Collection<[String]>) -> [String] {
        calls.filter { $0.first == "exec" }.map { "\($0[3]): \($0[$0.count - 2])" }
    }

    @Test func aNodeAddedLaterIsAddedByARunningFounderAndJoinsWithItsID() throws {
        let cluster = try ConvergeTests.Cluster(contexts: ["kind-a"], scenario: ["chain": ""])
        try cluster.qube.write("topology.lua", Self.script())
        let founded = try cluster.run(["topology.lua"])
        #expect(founded.status == 0, "\(founded.standardError)")
        #expect(founded.standardOutput == "")
        // The founders are recorded when they are first deployed.
        let record = String(decoding: try #require(cluster.qube.read("keys/raft-a/raft-ids.json")), as: UTF8.self)
        #expect(record.hasPrefix("{\n  \"founders\": [\n    \"") && record.hasSuffix("\"\n  ],\n  \"members\": []\n}\n"))

        let before = (calls: cluster.calls.count, changes: cluster.changes.count)
        try cluster.qube.write("topology.lua", Self.script(more: "a:addNode { name = \"a-node4\" }"))
        let joined = try cluster.run(["topology.lua"])
        #expect(joined.status == 0, "\(joined.standardError)")
        let words = joined.standardOutput.split(separator: "\t")
        #expect(words.count == 3 && words[0] == "a-node4" && words[1] == "4")
        let id = String(words.last ?? "").trimmingCharacters(in: .newlines)
        let url = "enode://\(id)@a-node4.raft-a.svc.cluster.local:30303?discport=0&raftport=50401"
        // A running founder adds it before the deploy at the end; the deploy reads the cluster's
        // voting members for the budget.
        #expect(Self.execs(cluster.calls.dropFirst(before.calls)) == ["a-node1-0: raft.role", "a-node1-0: raft.addPeer(\"\(url)\")", "a-node1-0: raft.cluster"])
        #expect(String(decoding: try #require(cluster.qube.read("keys/raft-a/raft-ids.json")), as: UTF8.self).contains(
            "  \"members\": [\n    {\n      \"learner\": false,\n      \"name\": \"a-node4\",\n      \"nodeId\": \"\(id)\",\n      \"raftId\": 4,\n"))
        let node = String(decoding: try #require(cluster.qube.read("out/raft-a/k8s/nodes/a-node4.yaml")), as: UTF8.self)
        #expect(node.contains("  replicas: 1\n") && node.contains("        - \"--raftjoinexisting\"\n        - \"4\"\n"))
        #expect(!String(decoding: try #require(cluster.qube.read("out/raft-a/k8s/nodes/a-node1.yaml")), as: UTF8.self).contains("raftjoinexisting"))
        // a-node4's StatefulSet is created once; no founder restarts.
        let changed = cluster.changes.dropFirst(before.changes).filter { $0["kind"] as? String == "StatefulSet" }
        #expect(changed.map { $0["name"] as? String } == ["a-node4"] && changed.first?["created"] as? Bool == true, "\(Array(changed))")
        // The fake's raft cluster has it as an active member now.
        let stateFile = try #require(cluster.qube.read("scenario/chain-state.json"))
        let state = try #require(try JSONSerialization.jsonObject(with: stateFile) as? [String: Any])
        let members = try #require(state["raft"] as? [[String: Any]])
        #expect(members.map { $0["raftId"] as? Int } == [1, 2, 3, 4] && members.last?["nodeId"] as? String == id)

        // A re-run adds nobody and renumbers nobody.
        let files = ["keys/raft-a/raft-ids.json", "out/raft-a/k8s/nodes/a-node4.yaml"].map { cluster.qube.read($0) }
        let again = (calls: cluster.calls.count, changes: cluster.changes.count)
        let rerun = try cluster.run(["topology.lua"])
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(rerun.standardOutput == joined.standardOutput)
        #expect(Self.execs(cluster.calls.dropFirst(again.calls)) == ["a-node1-0: raft.cluster"])
        #expect(cluster.changes.count == again.changes)
        #expect(["keys/raft-a/raft-ids.json", "out/raft-a/k8s/nodes/a-node4.yaml"].map { cluster.qube.read($0) } == files)
    }
}
