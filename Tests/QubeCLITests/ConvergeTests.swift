import Foundation
import Testing

/// Re-runs converge and never flap: against the fake kubectl in `persist` mode (which keeps what
/// is applied and logs every change it makes), a first run creates each StatefulSet once, in
/// its final state, and a second run changes nothing.
@Suite struct ConvergeTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples").standardizedFileURL

    /// One example as a user runs it: its scripts in order (with their arguments), the kube
    /// contexts they need, and how many StatefulSets its networks have.
    struct Example: CustomTestStringConvertible, Sendable {
        var runs: [[String]]
        var contexts: [String]
        var statefulSets: Int
        /// Scenario files beside `persist` and `contexts`.
        var scenario: [String: String] = [:]

        var testDescription: String { runs.map { $0.joined(separator: " ") }.joined(separator: ", ") }
    }

    static let everyExample: [Example] = [
        Example(runs: [["quickstart.lua"]], contexts: [], statefulSets: 0),
        Example(runs: [["two-orgs.lua"]], contexts: ["cluster-a", "cluster-b"], statefulSets: 5),
        Example(runs: [["org-a.lua"], ["org-b.lua"], ["org-a.lua"]], contexts: ["cluster-a", "cluster-b"], statefulSets: 5),
        Example(runs: [["namespaces.lua"]], contexts: ["kind-qube"], statefulSets: 4),
        // The cloud hands the LoadBalancers their addresses as the Services are applied.
        Example(
            runs: [["qbft-current.lua", "--", "export"]], contexts: ["prod-eu"], statefulSets: 4,
            scenario: ["load-balancer-ips": "203.0.113.10\n203.0.113.11\n203.0.113.12\n203.0.113.13\n"]),
        Example(runs: [["raft.lua"]], contexts: ["kind-qube"], statefulSets: 5),
        // A's running members add B's nodes (raft.addPeer, raft.addLearner) on the fake's raft chain.
        Example(runs: [["raft-two-orgs.lua"]], contexts: ["cluster-a", "cluster-b"], statefulSets: 5, scenario: ["chain": ""]),
    ]

    /// A scratch directory of scripts and a persisting fake cluster with `contexts`.
    final class Cluster {
        let qube: QubeProcess

        init(contexts: [String], scenario: [String: String] = [:]) throws {
            qube = try QubeProcess()
            try qube.write("scenario/persist", "")
            try qube.write("scenario/contexts", contexts.map { $0 + "\n" }.joined())
            for (file, text) in scenario { try qube.write("scenario/" + file, text) }
            try qube.write("record/.keep", "")
        }

        /// Runs `qube run -q <arguments>` (without `-q` unless `quiet`) with the fake as kubectl.
        func run(_ arguments: [String], options: [String] = [], quiet: Bool = true) throws -> QubeProcess.Result {
            try qube.run(
                ["run"] + (quiet ? ["-q"] : []) + options + arguments,
                environment: [
                    "QUBE_KUBECTL": DeployTests.fakeKubectl,
                    "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                    "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
                    "KUBECONFIG": qube.directory.appendingPathComponent("no-kubeconfig").path,
                ])
        }

        /// Every change the cluster made so far (`changes.jsonl`): kind, name, and which of
        /// created, specChanged, rolled, deleted.
        var changes: [[String: Any]] {
            String(decoding: qube.read("record/changes.jsonl") ?? Data(), as: UTF8.self).split(separator: "\n")
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        /// The argv of every kubectl call so far.
        var calls: [[String]] {
            String(decoding: qube.read("record/calls.jsonl") ?? Data(), as: UTF8.self).split(separator: "\n")
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
        }

        /// What the cluster stores for the object `kind/name`.
        func stored(_ kind: String, _ name: String) throws -> [String: Any] {
            let data = try #require(qube.read("scenario/objects/\(kind)/\(name).json"), "\(kind)/\(name) is not in the cluster")
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    /// The names of the StatefulSets among `changes`, once per change.
    private static func statefulSets(in changes: some Collection<[String: Any]>) -> [String] {
        changes.filter { $0["kind"] as? String == "StatefulSet" }.compactMap { $0["name"] as? String }
    }

    @Test func everyExampleIsRunHere() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".lua") }
        #expect(Set(scripts) == Set(Self.everyExample.flatMap { $0.runs.map { $0[0] } }))
    }

    /// The no-flap guarantee on every example: the first pass applies each StatefulSet at most
    /// once per script run, and creates every one; the second pass changes nothing at all.
    @Test(arguments: everyExample)
    func everyExampleAppliesEachStatefulSetOnceAndARerunNothing(_ example: Example) throws {
        let cluster = try Cluster(contexts: example.contexts, scenario: example.scenario)
        for script in try FileManager.default.contentsOfDirectory(atPath: Self.examples.path) where script.hasSuffix(".lua") {
            try cluster.qube.write(script, try String(contentsOf: Self.examples.appendingPathComponent(script), encoding: .utf8))
        }
        for run in example.runs {
            let before = cluster.changes.count
            let result = try cluster.run(run)
            #expect(result.status == 0, "\(run): \(result.standardError)")
            let applied = Self.statefulSets(in: cluster.changes.dropFirst(before))
            #expect(applied.count == Set(applied).count, "\(run) applied a StatefulSet more than once: \(applied.sorted())")
        }
        let first = cluster.changes
        let created = first.filter { $0["kind"] as? String == "StatefulSet" && $0["created"] as? Bool == true }
        #expect(created.count == example.statefulSets)

        for run in example.runs {
            let result = try cluster.run(run)
            #expect(result.status == 0, "\(run): \(result.standardError)")
        }
        let again = cluster.changes.dropFirst(first.count).map { "\($0["kind"] ?? "?")/\($0["name"] ?? "?")" }
        #expect(again.isEmpty, "a second run changed \(again)")
    }

    /// raft-two-orgs.lua on the fake's raft chain: the first run adds B's nodes once, on a running
    /// member of A (the raft IDs after A's founders 1 to 3), and B's nodes start joining with
    /// them; a re-run adds nobody and leaves both ID records byte for byte.
    @Test func raftTwoOrgsAddsBsNodesOnceAndARerunKeepsTheirIDs() throws {
        let cluster = try Cluster(contexts: ["cluster-a", "cluster-b"], scenario: ["chain": ""])
        let script = try String(contentsOf: Self.examples.appendingPathComponent("raft-two-orgs.lua"), encoding: .utf8)
        try cluster.qube.write("raft-two-orgs.lua", script)
        let first = try cluster.run(["raft-two-orgs.lua"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.hasPrefix("raft-a: b-node1 has raft ID 4\nraft-a: b-node2 has raft ID 5 (learner)\n"))
        let raftCalls = { (calls: ArraySlice<[String]>) in
            calls.filter { $0.first == "exec" }.map { "\($0[3]): \($0[$0.count - 2])" }.filter { $0.contains(": raft.add") || $0.contains(": raft.remove") }
        }
        let added = raftCalls(cluster.calls[...])
        #expect(added.count == 2 && added[0].hasPrefix("a-node1-0: raft.addPeer(\"enode://") && added[1].hasPrefix("a-node1-0: raft.addLearner(\"enode://"))
        #expect(added[0].hasSuffix("@198.51.100.20:30311?discport=0&raftport=30511\")"))
        let node = String(decoding: try #require(cluster.qube.read("out/raft-b/k8s/nodes/b-node2.yaml")), as: UTF8.self)
        #expect(node.contains("  replicas: 1\n") && node.contains("        - \"--raftjoinexisting\"\n        - \"5\"\n"))
        let records = ["keys/raft-a/raft-ids.json", "keys/raft-b/raft-ids.json"].map { cluster.qube.read($0) }
        #expect(records.allSatisfy { $0 != nil })

        let before = cluster.calls.count
        let again = try cluster.run(["raft-two-orgs.lua"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput == first.standardOutput)
        #expect(raftCalls(cluster.calls.dropFirst(before)).isEmpty)
        #expect(["keys/raft-a/raft-ids.json", "keys/raft-b/raft-ids.json"].map { cluster.qube.read($0) } == records)
    }

    /// Two organisations with cluster-assigned NodePorts in one script: each export applies only
    /// the Namespace and the external Services, reads the nodePorts the API server gave them and
    /// records the Tessera ones, and the one deploy at the end starts nodes that advertise them.
    @Test func clusterAssignedNodePortsConvergeInOneRun() throws {
        let cluster = try Cluster(contexts: ["kind-a", "kind-b"])
        let source = """
            local exchange = require "qube.exchange"
            local a = network { name = "org-a", context = "kind-a", expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
            a:addNode { name = "a1" }
            a:genKeys { kdf = "light" }
            local b = network { name = "org-b", genesis = a:genesis(), context = "kind-b", expose = { type = "NodePort", nodeIp = "198.51.100.20" } }
            b:addNode { name = "b1", validator = false }
            b:genKeys { kdf = "light" }
            a:deploy()
            b:deploy()
            exchange.connect(a, b)
            print(b:externalNodes()[1].Tm_Url, a:externalNodes()[1].Tm_Url)

            """
        try cluster.qube.write("topology.lua", source)
        let result = try cluster.run(["topology.lua"])
        #expect(result.status == 0, "\(result.standardError)")
        let first = cluster.changes
        #expect(Self.statefulSets(in: first) == ["a1", "b1"])
        #expect(first.allSatisfy { $0["created"] as? Bool == true })
        // The Services came first, and the StatefulSets' deploy left them as they were.
        let order = first.map { "\($0["kind"] ?? "?")/\($0["name"] ?? "?")" }
        let services = try #require(order.firstIndex(of: "Service/b1-external"))
        #expect(order.firstIndex(of: "Service/a1-external")! < services && services < order.firstIndex(of: "StatefulSet/a1")!)
        #expect(order.filter { $0.hasSuffix("-external") } == ["Service/a1-external", "Service/b1-external"])

        let ports = try #require((try cluster.stored("service", "a1-external")["spec"] as? [String: Any])?["ports"] as? [[String: Any]])
        let tesseraPort = try #require(ports.first { $0["name"] as? String == "tm-p2p" }?["nodePort"] as? Int)
        #expect((30000...32767).contains(tesseraPort))
        let bPorts = try #require((try cluster.stored("service", "b1-external")["spec"] as? [String: Any])?["ports"] as? [[String: Any]])
        let bTesseraPort = try #require(bPorts.first { $0["name"] as? String == "tm-p2p" }?["nodePort"] as? Int)
        #expect(result.standardOutput == "192.0.2.10:\(tesseraPort)\t198.51.100.20:\(bTesseraPort)\n")
        // What reached the cluster advertises the assigned address.
        let config = try #require((try cluster.stored("configmap", "a1-tessera")["data"] as? [String: String])?["a1.json"])
        #expect(config.contains("\"serverAddress\" : \"http://192.0.2.10:\(tesseraPort)\"") || config.contains("\"serverAddress\": \"http://192.0.2.10:\(tesseraPort)\""))
        #expect(cluster.qube.read("addresses/org-a.json") == Data("{\n  \"a1\": \"192.0.2.10:\(tesseraPort)\"\n}\n".utf8))

        let again = try cluster.run(["topology.lua"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput == result.standardOutput)
        #expect(cluster.changes.count == first.count, "a second run changed \(cluster.changes.dropFirst(first.count).map { $0["name"] ?? "?" })")
    }

    private let network = """
        local net = network { name = "org-a", context = "kind-a" }
        net:addNode { name = "n1" }
        net:genKeys { kdf = "light" }

        """

    /// Lines added above a node's `addNode` move the line its StatefulSet names, and restart
    /// no pod: the annotation is on the StatefulSet, not its pod template.
    @Test func anEditAboveANodeRestartsNoPod() throws {
        let cluster = try Cluster(contexts: ["kind-a"])
        try cluster.qube.write("topology.lua", network + "net:deploy()\n")
        #expect(try cluster.run(["topology.lua"]).status == 0)
        let before = cluster.changes.count
        try cluster.qube.write("topology.lua", "-- a comment\n-- and another\n" + network + "net:deploy()\n")
        let result = try cluster.run(["topology.lua"])
        #expect(result.status == 0, "\(result.standardError)")
        let later = cluster.changes.dropFirst(before)
        #expect(later.allSatisfy { $0["rolled"] as? Bool != true && $0["specChanged"] as? Bool != true }, "\(Array(later))")
        let annotations = (try cluster.stored("statefulset", "n1")["metadata"] as? [String: Any])?["annotations"] as? [String: String]
        #expect(annotations?["qube.dev/source"] == "topology.lua:4")
    }

    /// A script error applies nothing the script asked to deploy.
    @Test func aScriptErrorLeavesTheClusterUntouched() throws {
        let cluster = try Cluster(contexts: ["kind-a"])
        try cluster.qube.write("topology.lua", network + "net:deploy()\nerror(\"stop here\", 0)\n")
        let result = try cluster.run(["topology.lua"])
        #expect(result.status == 1)
        #expect(result.standardError == "stop here\n")
        #expect(!cluster.calls.contains { $0.first == "apply" })
        #expect(cluster.changes.isEmpty)
    }

    /// `now = true` applies at its line, even when the script fails later; the end of the run
    /// applies the network again only when it changed since, and that change rolls the node.
    @Test func deployNowAppliesAtItsLineAndAgainOnlyAfterAChange() throws {
        let cluster = try Cluster(contexts: ["kind-a"])
        try cluster.qube.write("topology.lua", network + "net:deploy { now = true }\nerror(\"stop here\", 0)\n")
        let failing = try cluster.run(["topology.lua"])
        #expect(failing.status == 1)
        #expect(Self.statefulSets(in: cluster.changes) == ["n1"])

        let before = cluster.calls.count
        try cluster.qube.write("topology.lua", network + "net:deploy { now = true }\nnet:deploy()\n")
        let unchanged = try cluster.run(["topology.lua"])
        #expect(unchanged.status == 0, "\(unchanged.standardError)")
        // One apply that changes things (the deploy also asks the server what an apply would change).
        #expect(cluster.calls.dropFirst(before).filter { $0.first == "apply" && !$0.contains("--dry-run=server") }.count == 1)

        let applied = cluster.changes.count
        try cluster.qube.write(
            "topology.lua", network + "net:deploy { now = true }\nnet:addNode { name = \"n2\" }\nnet:genKeys { kdf = \"light\" }\n")
        let changed = try cluster.run(["topology.lua"])
        #expect(changed.status == 0, "\(changed.standardError)")
        let later = cluster.changes.dropFirst(applied).filter { $0["kind"] as? String == "StatefulSet" }
        // The apply at the line leaves n1 as it was; the end of the run adds n2. n1's peer list
        // now holds n2, which reaches it live (its permissioned list is the ConfigMap's file):
        // n1 is not rolled.
        #expect(later.map { $0["name"] as? String } == ["n2"])
        #expect(later.last?["created"] as? Bool == true)
    }
}
