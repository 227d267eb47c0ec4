import Foundation
import Testing

/// deploy against the fake kubectl in persist mode, with each pod's geth console answering from
/// recordings of a real GoQuorum 2.7.0 IBFT chain: what restarts, in which order, and what a
/// peer-list change does to running nodes.
@Suite struct RollingDeployTests {
    /// Four validators and one member.
    private static let nodes = ["m1", "n1", "n2", "n3", "n4"]

    /// A cluster that keeps what is applied; every pod's console answers a running IBFT node's
    /// recordings: 2 peers, not syncing, block 106 and then 223 (the chain advancing).
    private func cluster() throws -> QubeProcess {
        let qube = try QubeProcess()
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("scenario/persist", "")
        try qube.write("record/.keep", "")
        for node in Self.nodes {
            try qube.write(
                "scenario/exec/\(node)-0",
                "eth.blockNumber\tibft-eth.blockNumber.txt ibft-blockNumber-4-validators.txt\nnet.peerCount\tibft-net.peerCount.txt\n"
                    + "eth.syncing\tibft-eth.syncing.txt\nadmin.peers\tibft-admin.peers.txt\n")
        }
        return qube
    }

    private func script(quorum: String = "2.7.0", member: Bool = true) -> String {
        """
        local net = network { name = "org-a", context = "kind-a", quorum = "\(quorum)" }
        \(member ? "net:addNode { name = \"m1\", validator = false }" : "")
        for i = 1, 4 do net:addNode { name = "n" .. i } end
        net:genKeys { kdf = "light" }
        net:render()
        net:deploy { timeout = "60s" }

        """
    }

    private func deploy(_ qube: QubeProcess, _ source: String, options: [String] = []) throws -> QubeProcess.Result {
        try qube.write("topology.lua", source)
        let result = try qube.run(
            ["run"] + options + ["topology.lua"],
            environment: [
                "QUBE_KUBECTL": DeployTests.fakeKubectl,
                "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
            ])
        #expect(result.status == 0, "\(result.standardError)")
        return result
    }

    private func calls(_ qube: QubeProcess) -> [[String]] {
        String(decoding: qube.read("record/calls.jsonl") ?? Data(), as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
    }

    private func changes(_ qube: QubeProcess) -> [[String: Any]] {
        String(decoding: qube.read("record/changes.jsonl") ?? Data(), as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The StatefulSets in the stdin of call `index` (0-based).
    private func statefulSets(_ qube: QubeProcess, call index: Int) -> [String] {
        let stdin = String(decoding: qube.read("record/stdin-\(index + 1).yaml") ?? Data(), as: UTF8.self)
        return stdin.components(separatedBy: "\n---\n").compactMap { document in
            guard document.contains("\nkind: StatefulSet\n") || document.hasPrefix("kind: StatefulSet\n") || document.contains("kind: StatefulSet\n") else { return nil }
            return document.split(separator: "\n").first { $0.hasPrefix("  name: ") }.map { String($0.dropFirst("  name: ".count)) }
        }
    }

    @Test func anImageChangeRestartsTheValidatorsOneAtATimeEachBackInConsensusFirst() throws {
        let qube = try cluster()
        _ = try deploy(qube, script())
        let firstRun = calls(qube).count
        let result = try deploy(qube, script(quorum: "20.10.0"))

        let later = Array(calls(qube).enumerated().dropFirst(firstRun))
        // Every StatefulSet restarts once: the member first, then each validator.
        let rolled = changes(qube).filter { $0["rolled"] as? Bool == true }.compactMap { $0["name"] as? String }
        #expect(rolled == ["m1", "n1", "n2", "n3", "n4"])
        // The order of applies and waits: no validator's StatefulSet is applied while another
        // validator's pod is not back (ready, then in consensus: its chain past block 106).
        var order: [String] = []
        for (index, call) in later {
            if call.first == "apply", !call.contains("--dry-run=server") {
                order += statefulSets(qube, call: index).map { "apply \($0)" }
            } else if call.first == "rollout" {
                order.append("ready \(call.last { $0.hasPrefix("statefulset/") }?.dropFirst("statefulset/".count) ?? "?")")
            } else if call.first == "exec", call.contains("eth.blockNumber") {
                order.append("height \(call[call.firstIndex(of: "--")! - 2])")
            }
        }
        #expect(
            order == [
                "apply m1", "ready m1", "height m1-0", "height m1-0",
                "height n1-0", "apply n1", "ready n1", "height n1-0",
                "height n2-0", "apply n2", "ready n2", "height n2-0",
                "height n3-0", "apply n3", "ready n3", "height n3-0",
                "height n4-0", "apply n4", "ready n4", "height n4-0",
            ])
        #expect(result.standardError.contains("restarting validators n1, n2, n3, n4 one at a time: the chain's 4 validators (read from the genesis) tolerate 1 down\n"))
        #expect(!result.standardError.contains("warning: a chain of"))
        // The roll is one phase: its start and its summary, no line per node.
        let lines = Self.timed(result.standardError).split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "deploy org-a: restarting 5 nodes whose spec changed"))
        #expect(lines[start + 1] == "deploy org-a: 5 nodes restarted, ready and in consensus (Ns)")
        #expect(!lines.contains { $0.hasPrefix("restarting validator '") || $0.hasPrefix("waiting for node") || $0.hasPrefix("statefulset ") })
    }

    /// `text` with each phase's duration, `(12s)` or `(1m05s)`, as `(Ns)`.
    static func timed(_ text: String) -> String {
        text.replacing(/\((\d+h)?(\d+m)?\d+s\)/, with: "(Ns)")
    }

    @Test func aWaitSaysItsStartAndItsSummaryAndVerboseEachNode() throws {
        let source = script().replacingOccurrences(of: "net:deploy { timeout = \"60s\" }", with: "net:deploy { timeout = \"60s\", wait = true }")
        let waited = try deploy(try cluster(), source)
        let lines = Self.timed(waited.standardError).split(separator: "\n").map(String.init)
        #expect(
            Array(lines.suffix(2)) == [
                "deploy org-a: waiting for 5 nodes to be ready and in consensus", "deploy org-a: 5 nodes ready and in consensus (Ns)",
            ])
        #expect(!lines.contains { $0.hasPrefix("waiting for node") || $0.hasPrefix("statefulset ") })

        let verbose = try deploy(try cluster(), source, options: ["--verbose"])
        let steps = verbose.standardError.split(separator: "\n").map(String.init)
        let start = try #require(steps.firstIndex(of: "deploy org-a: waiting for 5 nodes to be ready and in consensus"))
        #expect(Array(steps[(start + 1)...].filter { $0.hasPrefix("waiting for node") }) == Self.nodes.map { "waiting for node '\($0)' to be ready and in consensus" })
        #expect(steps.contains { $0.hasPrefix("statefulset rolling update complete 1 pods at revision n1-") })
        #expect(steps.last?.hasPrefix("deploy org-a: 5 nodes ready and in consensus (") == true)
    }

    /// A raft network rolls with the raft cluster's own bound, read from `raft.cluster` on a
    /// running member: with three active members one may be down, so each restarts in turn; with
    /// a fourth member added elsewhere and not active (`raft-cluster-after-addPeer.txt`), a
    /// restart would leave two of four, no majority, and the roll stops with the tally.
    @Test(arguments: [("raft-raft.cluster.txt", true), ("raft-cluster-after-addPeer.txt", false)])
    func raftRollsKeepingTheRaftMajority(cluster answer: String, rolls: Bool) throws {
        let qube = try QubeProcess()
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("scenario/persist", "")
        try qube.write("record/.keep", "")
        for node in ["r1", "r2", "r3"] {
            try qube.write(
                "scenario/exec/\(node)-0",
                "eth.blockNumber\traft-eth.blockNumber.txt\nnet.peerCount\traft-net.peerCount.txt\neth.syncing\tibft-eth.syncing.txt\n"
                    + "raft.cluster\t\(answer)\n")
        }
        let raft = { (quorum: String) in
            """
            local net = network { name = "rf", consensus = "raft", tessera = false, context = "kind-a", quorum = "\(quorum)" }
            for i = 1, 3 do net:addNode { name = "r" .. i } end
            net:genKeys { kdf = "light" }
            net:deploy { timeout = "3s" }

            """
        }
        _ = try deploy(qube, raft("2.7.0"))
        try qube.write("topology.lua", raft("20.10.0"))
        let result = try qube.run(
            ["run", "topology.lua"],
            environment: [
                "QUBE_KUBECTL": DeployTests.fakeKubectl,
                "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
            ])
        let rolled = changes(qube).filter { $0["rolled"] as? Bool == true }.compactMap { $0["name"] as? String }
        if rolls {
            #expect(result.status == 0, "\(result.standardError)")
            #expect(rolled == ["r1", "r2", "r3"])
            #expect(result.standardError.contains("one at a time: the chain's 3 raft members (read from node 'r1') tolerate 1 down\n"))
        } else {
            #expect(result.status == 1)
            #expect(rolled.isEmpty)
            #expect(
                result.standardError.contains(
                    "1 of the chain's 4 raft members already down (raft ID 4 (127.0.0.1)), and the chain tolerates 1 down at once"))
        }
    }

    @Test func aChainOfThreeValidatorsIsToldThatARestartPausesIt() throws {
        let qube = try cluster()
        _ = try deploy(qube, script(member: false).replacingOccurrences(of: "for i = 1, 4", with: "for i = 1, 3"))
        let result = try deploy(
            qube, script(quorum: "20.10.0", member: false).replacingOccurrences(of: "for i = 1, 4", with: "for i = 1, 3"), options: ["--verbose"])
        let warning = "warning: a chain of 3 validators tolerates none down, so each restart pauses block production until the node is back"
        let lines = result.standardError.split(separator: "\n").map(String.init)
        let warned = try #require(lines.firstIndex(of: warning))
        let firstRestart = try #require(lines.firstIndex { $0.hasPrefix("restarting validator 'n1'") })
        #expect(warned < firstRestart)
    }

    @Test func aPeerListChangeRestartsNoPodAndUpdatesTheRunningNodesLive() throws {
        let qube = try cluster()
        _ = try deploy(qube, script())
        let enodes = try JSONDecoder().decode([String].self, from: try #require(qube.read("out/org-a/static-nodes.json")))
        let m1 = try #require(enodes.first { $0.contains("@m1.") })
        let kept = enodes.filter { $0 != m1 }
        for node in ["n1", "n2", "n3", "n4"] {
            var table = String(decoding: try #require(qube.read("scenario/exec/\(node)-0")), as: UTF8.self)
            table += "admin.removePeer(\"\(m1)\")\tibft-removePeer.txt\n"
            for enode in kept { table += "admin.addPeer(\"\(enode)\")\tibft-addPeer.txt\n" }
            try qube.write("scenario/exec/\(node)-0", table)
        }
        let before = changes(qube).count
        let firstRun = calls(qube).count
        let result = try deploy(qube, script(member: false), options: ["--verbose"])

        let changed = changes(qube).dropFirst(before)
        #expect(!changed.contains { $0["rolled"] as? Bool == true }, "\(changed)")
        #expect(!changed.contains { $0["kind"] as? String == "StatefulSet" && $0["deleted"] == nil })
        let execs = calls(qube).dropFirst(firstRun).filter { $0.first == "exec" }
        for node in ["n1", "n2", "n3", "n4"] {
            let expressions = execs.filter { $0.contains("\(node)-0") }.map { $0[$0.count - 2] }
            // admin.peers shows two peers of the recorded chain, none of these nodes: every
            // other listed node is added, and m1, no longer listed, removed.
            // Each is asked the chain's validator set first, which bounds the budget (the recorded
            // answers hold none, so each validator in turn).
            let own = try #require(kept.first { $0.contains("@\(node).") })
            #expect(
                expressions == ["istanbul.getValidators()", "admin.peers"] + kept.filter { $0 != own }.map { "admin.addPeer(\"\($0)\")" } + ["admin.removePeer(\"\(m1)\")"])
        }
        #expect(result.standardError.contains("node 'n1': 3 peers added, 1 removed, live (admin.addPeer, admin.removePeer; no restart)\n"))
        #expect(result.standardError.contains("deploy org-a: updating the peer lists of 4 running nodes live\n"))
        #expect(result.standardError.contains("deploy org-a: the new peer list is live on 4 running nodes (4 given peers through admin.addPeer and admin.removePeer, 0 already connected as listed; no restart)\n"))

        // A re-run changes no peer list: nothing is asked of any node but the chain's validator set.
        let rerun = calls(qube).count
        _ = try deploy(qube, script(member: false))
        #expect(calls(qube).dropFirst(rerun).filter { $0.first == "exec" }.map { "\($0[3]): \($0[$0.count - 2])" } 
                == ["n1", "n2", "n3", "n4"].map { "\($0)-0: istanbul.getValidators()" })
    }

    @Test func theSummaryCountsWhatTheClusterChangedAndListsOnlyThat() throws {
        let qube = try cluster()
        let first = try deploy(qube, script())
        // A first deploy creates every object: they are counted by kind, not listed.
        #expect(
            first.standardError.contains(
                "network 'org-a': 29 objects: 29 changed, 0 unchanged, 0 pruned\n"
                    + "  created 1 namespace, 7 configmaps, 5 secrets, 1 poddisruptionbudget, 5 networkpolicies, 5 services, 5 statefulsets\n"))
        #expect(!first.standardError.contains("serverside-applied"))

        let second = try deploy(qube, script())
        // genKeys and render say their own lines (PhaseSummaryTests); deploy says these.
        let rerun = second.standardError.split(separator: "\n").filter { !$0.hasPrefix("genKeys ") && !$0.hasPrefix("render ") }
        #expect(
            rerun == [
                "applying 29 objects of network 'org-a' to context 'kind-a', namespace 'org-a'",
                "network 'org-a': 29 objects: 0 changed, 29 unchanged, 0 pruned",
            ])

        // The dry run's summary, from the diff, is the one the deploy then reports from the
        // API server's answers.
        let dryRun = try deploy(qube, script(member: false), options: ["--dry-run"])
        let planned = dryRun.standardError.split(separator: "\n").drop { !$0.hasPrefix("dry run: network 'org-a': ") }
        let third = try deploy(qube, script(member: false))
        let summary = third.standardError.split(separator: "\n").drop { !$0.hasPrefix("network 'org-a': ") }
        #expect(Array(planned) == ["dry run: " + (summary.first ?? "")] + summary.dropFirst())
        #expect(
            Array(summary) == [
                "network 'org-a': 24 objects: 5 changed, 19 unchanged, 5 pruned",
                "  changed configmap/org-a-peers",
                "  changed configmap/n1-tessera",
                "  changed configmap/n2-tessera",
                "  changed configmap/n3-tessera",
                "  changed configmap/n4-tessera",
                "  pruned configmap/m1-tessera",
                "  pruned networkpolicy/m1-ingress",
                "  pruned secret/m1-keys",
                "  pruned service/m1",
                "  pruned statefulset/m1",
            ])
    }
}
