import Foundation
import Testing

/// A raft chain across two organisations in one script, against the fake kubectl answering
/// `geth attach` from a real GoQuorum 2.7.0 raft cluster's recordings: A adds B's nodes
/// (raft.addPeer, raft.addLearner), records the IDs, B starts with --raftjoinexisting; a re-run
/// calls nothing; a node that leaves is removed (raft.removePeer).
@Suite struct RaftAcrossClustersTests {
    /// A's network, founding the raft cluster with one node, keyed.
    static let founder = """
        local exchange = require "qube.exchange"
        local a = network {
            name = "raft-a", consensus = "raft", chainId = 1002, tessera = false, context = "cluster-a",
            expose = { type = "NodePort", nodeIp = "192.0.2.10" },
        }
        a:addNode { name = "a-node1", nodePort = 30301, raftNodePort = 30501 }
        a:genKeys { kdf = "light" }

        """

    /// The script: A founds the raft cluster, B joins with `bNodes`.
    static func script(bNodes: String) -> String {
        founder + """
        local genesis = a:genesis()
        a:render()
        a:deploy()
        local b = network {
            name = "raft-b", genesis = genesis, tessera = false, context = "cluster-b",
            expose = { type = "NodePort", nodeIp = "198.51.100.20" },
        }
        \(bNodes)
        b:genKeys { kdf = "light" }
        exchange.share(b, a)
        a:render()
        a:deploy()
        for _, m in ipairs(a:syncRaft()) do print(m.name, m.raftId, m.learner, m.removed) end
        exchange.share(a, b)
        b:render()
        b:deploy()
        for _, node in ipairs(b:nodes()) do print(node.name, node.nodeId) end

        """
    }

    static let twoNodes = """
        b:addNode { name = "b-node1", nodePort = 30311, raftNodePort = 30511 }
            b:addNode { name = "b-node2", raftLearner = true, nodePort = 30312, raftNodePort = 30512 }
        """

    /// What each deploy of a running network asks: its first voting node's `raft.cluster`, whose
    /// voting members bound the budget.
    static let boundReads = ["a-node1-0: raft.cluster", "b-node1-0: raft.cluster"]

    let qube: QubeProcess

    init() throws {
        qube = try QubeProcess()
        try qube.write("scenario/contexts", "cluster-a\ncluster-b\n")
        try qube.write("scenario/persist", "")
        try qube.write("record/.keep", "")
    }

    /// Runs `source` as topology.lua, by default with `-q`.
    func run(_ source: String, dryRun: Bool = false, verbosity: [String] = ["-q"]) throws -> QubeProcess.Result {
        try qube.write("topology.lua", source)
        return try qube.run(
            ["run"] + verbosity + (dryRun ? ["--dry-run"] : []) + ["topology.lua"],
            environment: [
                "QUBE_KUBECTL": DeployTests.fakeKubectl,
                "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
            ])
    }

    /// The exec calls since the record was last cleared: `pod: expression`.
    func execs() -> [String] {
        String(decoding: qube.read("record/calls.jsonl") ?? Data(), as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
            .filter { $0.first == "exec" }
            .map { "\($0[3]): \($0[$0.count - 2])" }
    }

    func text(_ path: String) -> String { String(decoding: qube.read(path) ?? Data(), as: UTF8.self) }

    /// The node ids B's script printed, by node name.
    func nodeIDs(_ output: String) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: output.split(separator: "\n").compactMap { line in
                let words = line.split(separator: "\t")
                return words.count == 2 ? (String(words[0]), String(words[1])) : nil
            })
    }

    @Test func membersAreAddedOnceRecordedAndRemovedWhenTheyLeave() throws {
        // Offline first: B's nodes have no raft ID, so they render with no pod and no --raftjoinexisting.
        let offline = try run(Self.script(bNodes: Self.twoNodes), dryRun: true)
        #expect(offline.status == 0, "\(offline.standardError)")
        let waiting = text("out/raft-b/k8s/nodes/b-node1.yaml")
        #expect(waiting.contains("  replicas: 0\n"))
        #expect(!waiting.contains("raftjoinexisting"))
        #expect(text("out/raft-a/k8s/nodes/a-node1.yaml").contains("  replicas: 1\n"))
        let ids = nodeIDs(offline.standardOutput)
        let b1 = try #require(ids["b-node1"]), b2 = try #require(ids["b-node2"])
        let url1 = "enode://\(b1)@198.51.100.20:30311?discport=0&raftport=30511"
        let url2 = "enode://\(b2)@198.51.100.20:30312?discport=0&raftport=30512"

        try qube.write(
            "scenario/exec/a-node1-0",
            "raft.role\traft-raft.role.txt\nraft.addPeer(\"\(url1)\")\traft-addPeer.txt\nraft.addLearner(\"\(url2)\")\traft-addLearner.txt\n"
                + "raft.cluster\traft-cluster-final.txt\nraft.removePeer(6)\traft-removePeer.txt\n")
        let first = try run(Self.script(bNodes: Self.twoNodes))
        #expect(first.status == 0, "\(first.standardError)")
        #expect(execs() == ["a-node1-0: raft.role", "a-node1-0: raft.addPeer(\"\(url1)\")", "a-node1-0: raft.addLearner(\"\(url2)\")"])
        #expect(first.standardOutput.hasPrefix("b-node1\t4\tfalse\tfalse\nb-node2\t6\ttrue\tfalse\n"))
        // A's first deploy recorded its founder, whose raft ID is its static-nodes position.
        let a1 = String(text("out/raft-a/static-nodes.json").components(separatedBy: "enode://")[1].prefix(128))
        #expect(text("keys/raft-a/raft-ids.json") == """
            {
              "founders": [
                "\(a1)"
              ],
              "members": [
                {
                  "learner": false,
                  "name": "b-node1",
                  "nodeId": "\(b1)",
                  "raftId": 4,
                  "removed": false
                },
                {
                  "learner": true,
                  "name": "b-node2",
                  "nodeId": "\(b2)",
                  "raftId": 6,
                  "removed": false
                }
              ]
            }

            """)
        #expect(text("keys/raft-b/raft-ids.json").contains("\"name\": \"b-node2\",\n      \"nodeId\": \"\(b2)\",\n      \"raftId\": 6,"))
        let joined = text("out/raft-b/k8s/nodes/b-node1.yaml")
        #expect(joined.contains("  replicas: 1\n") && !joined.contains("qube.dev/awaiting"))
        #expect(joined.contains("        - \"--raftdnsenable\"\n        - \"--raftjoinexisting\"\n        - \"4\"\n        - \"--rpc\"\n"))
        #expect(text("out/raft-b/k8s/nodes/b-node2.yaml").contains("        - \"--raftjoinexisting\"\n        - \"6\"\n"))
        // The external Service carries the raft NodePort beside devp2p; A's peers hold B's raft port.
        #expect(joined.contains("  - name: raft\n    protocol: TCP\n    port: 50401\n    targetPort: 50401\n    nodePort: 30511\n"))
        #expect(text("out/raft-a/static-nodes.json").contains("\"\(url1)\""))
        #expect(text("out/raft-a/static-nodes.json").contains("@192.0.2.10:30301?discport=0&raftport=30501\""))
        #expect(!text("out/raft-b/static-nodes.json").contains(b1 + "@198"))

        // A re-run adds nobody and changes no byte of either record: each deploy only reads the
        // raft cluster's voting members, which bound its budget.
        let records = (text("keys/raft-a/raft-ids.json"), text("keys/raft-b/raft-ids.json"))
        try qube.write("record/calls.jsonl", "")
        let again = try run(Self.script(bNodes: Self.twoNodes))
        #expect(again.status == 0, "\(again.standardError)")
        #expect(execs() == Self.boundReads)
        #expect((text("keys/raft-a/raft-ids.json"), text("keys/raft-b/raft-ids.json")) == records)

        // b-node2 leaves B's script: A removes it; its ID stays recorded as removed.
        try qube.write("record/calls.jsonl", "")
        let left = try run(Self.script(bNodes: "b:addNode { name = \"b-node1\", nodePort = 30311, raftNodePort = 30511 }"))
        #expect(left.status == 0, "\(left.standardError)")
        // raft.cluster first: removing ID 6, inactive, leaves 3 active of 5, a majority.
        #expect(execs() == ["a-node1-0: raft.role", "a-node1-0: raft.cluster", "a-node1-0: raft.removePeer(6)"] + Self.boundReads)
        #expect(left.standardOutput.hasPrefix("b-node1\t4\tfalse\tfalse\nb-node2\t6\ttrue\ttrue\n"))
    }

    /// Raft members dial a founder at its static-nodes.json entry for the life of the chain, so
    /// a founder whose external address the script declares is listed at it; others keep their
    /// in-cluster names.
    @Test func foundersAreListedAtTheExternalAddressTheScriptDeclares() throws {
        let result = try run(
            """
            local a = network {
                name = "raft-a", consensus = "raft", tessera = false, context = "cluster-a",
                expose = { type = "NodePort", nodeIp = "192.0.2.10" },
            }
            a:addNode { name = "a-node1", nodePort = 30301, raftNodePort = 30501 }
            a:addNode { name = "a-node2", expose = { type = "LoadBalancer", loadBalancerIP = "192.0.2.20" } }
            a:addNode { name = "a-node3", nodePort = 30303 }
            a:genKeys { kdf = "light" }
            a:render()
            for _, node in ipairs(a:nodes()) do print(node.name, node.nodeId) end

            """, dryRun: true)
        #expect(result.status == 0, "\(result.standardError)")
        let ids = nodeIDs(result.standardOutput)
        let id1 = try #require(ids["a-node1"]), id2 = try #require(ids["a-node2"]), id3 = try #require(ids["a-node3"])
        #expect(text("out/raft-a/static-nodes.json") == """
            [
              "enode://\(id1)@192.0.2.10:30301?discport=0&raftport=30501",
              "enode://\(id2)@192.0.2.20:30303?discport=0&raftport=50401",
              "enode://\(id3)@a-node3.raft-a.svc.cluster.local:30303?discport=0&raftport=50401"
            ]

            """)
    }

    /// A founder whose raft address the cluster assigns is refused at the export, before the
    /// cluster is asked anything: a joiner would dial its in-cluster name.
    @Test func exportRefusesAFounderWhoseRaftAddressIsNotDeclared() throws {
        let assigned = try run("""
            local a = network {
                name = "raft-a", consensus = "raft", tessera = false, context = "cluster-a",
                expose = { type = "NodePort", nodeIp = "192.0.2.10" },
            }
            a:addNode { name = "a-node1", nodePort = 30301 }
            a:genKeys { kdf = "light" }
            a:exportExternal()

            """)
        #expect(assigned.status == 1)
        #expect(
            assigned.standardError
                == "topology.lua:7: cannot export node 'a-node1': it founds the raft cluster of network 'raft-a', whose "
                + "members (another cluster's too) dial it for the life of the chain at the address its static-nodes.json gives it when "
                + "the cluster first starts, here its in-cluster name, as the cluster assigns its external address; declare "
                + "expose.nodeIp and the node's fixed nodePort and raftNodePort so render lists it at its external address (a raft "
                + "cluster that already runs keeps the addresses it started with)\n")
        #expect(execs().isEmpty)
        let elsewhere = try run(Self.founder + "a:exportExternal { nodeIp = \"203.0.113.5\" }\n")
        #expect(elsewhere.status == 1)
        #expect(
            elsewhere.standardError
                == "topology.lua:8: cannot export node 'a-node1': it founds the raft cluster of network 'raft-a', whose "
                + "members (another cluster's too) dial it for the life of the chain at the address its static-nodes.json gives it when "
                + "the cluster first starts, 192.0.2.10:30501, not the nodeIp 203.0.113.5 this export names; drop the export's nodeIp\n")
    }

    /// A deploy that moves a running raft network's founder in static-nodes.json says that the
    /// running raft cluster keeps the old address.
    @Test func movingADeployedFounderWarns() throws {
        let script = { (ports: String) in
            """
            local a = network {
                name = "raft-a", consensus = "raft", tessera = false, context = "cluster-a",
                expose = { type = "NodePort", nodeIp = "192.0.2.10" },
            }
            a:addNode { name = "a-node1", \(ports) }
            a:genKeys { kdf = "light" }
            a:render()
            a:deploy()

            """
        }
        let first = try run(script("nodePort = 30301"))
        #expect(first.status == 0, "\(first.standardError)")
        #expect(!first.standardError.contains("warning"))
        let moved = try run(script("nodePort = 30301, raftNodePort = 30501"))
        #expect(moved.status == 0, "\(moved.standardError)")
        #expect(
            moved.standardError.contains(
                "warning: node 'a-node1' of raft network 'raft-a' moves in static-nodes.json from "
                    + "a-node1.raft-a.svc.cluster.local:50401 to 192.0.2.10:30501 (raft); a raft cluster that already runs keeps "
                    + "dialling the address it started with (GoQuorum reads static-nodes.json for raft only on a first start), so only "
                    + "a new chain uses the new one\n"))
        let again = try run(script("nodePort = 30301, raftNodePort = 30501"))
        #expect(again.status == 0, "\(again.standardError)")
        #expect(!again.standardError.contains("warning"))
    }

    @Test func aLearnerNeedsAJoiningRaftNetworkAndARaftNodePortARaftNetwork() throws {
        let founder = try run("""
            local a = network { name = "raft-a", consensus = "raft", tessera = false }
            a:addNode { name = "a-node1", raftLearner = true }

            """)
        #expect(founder.status == 1)
        #expect(
            founder.standardError
                == "topology.lua:2: addNode: raftLearner: network 'raft-a' founds its raft cluster, whose nodes start as voting peers; "
                + "only a node of a network that joins another's raft chain (genesis = ...) can join as a learner\n")
        let ibft = try run("""
            local a = network { name = "ibft-a", tessera = false }
            a:addNode { name = "a-node1", raftNodePort = 30501 }

            """)
        #expect(ibft.status == 1)
        #expect(ibft.standardError == "topology.lua:2: addNode: raftNodePort: is for raft networks; network 'ibft-a' runs istanbul\n")
        let clash = try run("""
            local a = network { name = "raft-a", consensus = "raft", tessera = false }
            a:addNode { name = "a-node1", nodePort = 30501, raftNodePort = 30501 }

            """)
        #expect(clash.status == 1)
        #expect(clash.standardError == "topology.lua:2: addNode: raftNodePort: is 30501, the node's nodePort too; each NodePort carries one service\n")
    }

    /// The two-scripts flow: A and B trade external_nodes files; B's nodes wait with no pod until
    /// A's file brings their raft IDs back.
    @Test func filesCarryTheRaftIDsBack() throws {
        let orgA = Self.founder + """
            a:genesis():write("raft-a-genesis.json")
            exchange.adopt(a, "raft-b.external.yaml")
            a:render()
            a:deploy()
            a:syncRaft()
            exchange.publish(a, "raft-a.external.yaml")

            """
        let orgB = """
            local exchange = require "qube.exchange"
            local b = network {
                name = "raft-b", genesis = readGenesis "raft-a-genesis.json", tessera = false, context = "cluster-b",
                expose = { type = "NodePort", nodeIp = "198.51.100.20" },
            }
            b:addNode { name = "b-node1", nodePort = 30311, raftNodePort = 30511 }
            b:genKeys { kdf = "light" }
            exchange.adopt(b, "raft-a.external.yaml")
            exchange.publish(b, "raft-b.external.yaml")
            b:render()
            b:deploy()
            print(b:nodes()[1].nodeId)

            """
        let a1 = try run(orgA)
        #expect(a1.status == 0, "\(a1.standardError)")
        let b1 = try run(orgB)
        #expect(b1.status == 0, "\(b1.standardError)")
        #expect(text("out/raft-b/k8s/nodes/b-node1.yaml").contains("  replicas: 0\n"))
        let id = b1.standardOutput.trimmingCharacters(in: .newlines)
        let url = "enode://\(id)@198.51.100.20:30311?discport=0&raftport=30511"
        #expect(text("raft-b.external.yaml").contains("  Enode_Url: \"\(url)\"\n"))
        #expect(!text("raft-b.external.yaml").contains("Raft_Id"))

        try qube.write("scenario/exec/a-node1-0", "raft.role\traft-raft.role.txt\nraft.addPeer(\"\(url)\")\traft-addPeer.txt\n")
        try qube.write("record/calls.jsonl", "")
        let a2 = try run(orgA)
        #expect(a2.status == 0, "\(a2.standardError)")
        #expect(execs() == ["a-node1-0: raft.role", "a-node1-0: raft.addPeer(\"\(url)\")", "a-node1-0: raft.cluster"])
        let published = text("raft-a.external.yaml")
        #expect(published.contains("  Enode_Url: \"\(url)\"\n  Node_Acct_Addr: \"0x"))
        #expect(published.hasSuffix("  Raft_Id: \"4\"\n"))
        #expect(published.contains("@192.0.2.10:30301?discport=0&raftport=30501\"\n  Node_Acct_Addr:"))

        // B's node starts: deploy waits for it to be up among its peers.
        try qube.write("scenario/exec/b-node1-0", "net.peerCount\traft-net.peerCount.txt\neth.syncing\tibft-eth.syncing.txt\neth.blockNumber\traft-eth.blockNumber.txt\n")
        let b2 = try run(orgB, verbosity: ["--verbose"])
        #expect(b2.status == 0, "\(b2.standardError)")
        // A first start, not a restart: the node ran no pod while it awaited its raft ID.
        let said = b2.standardError.split(separator: "\n").map(String.init)
        let start = try #require(said.firstIndex(of: "deploy raft-b: starting 1 node for the first time, now that it has its raft ID"))
        #expect(said[start + 1] == "starting node 'b-node1' for the first time, now that it has its raft ID")
        #expect(!said.contains { $0.contains("restarting") })
        #expect(said.contains { $0.hasPrefix("deploy raft-b: 1 node started, ready and in consensus (") })
        let node = text("out/raft-b/k8s/nodes/b-node1.yaml")
        #expect(node.contains("  replicas: 1\n") && node.contains("        - \"--raftjoinexisting\"\n        - \"4\"\n"))
        #expect(text("raft-b.external.yaml").hasSuffix("  Raft_Id: \"4\"\n"))
        // B's own record is no peer of B.
        #expect(!text("out/raft-b/static-nodes.json").contains("\(id)@198.51.100.20"))

        // Both re-run: nobody is added again (each deploy reads the raft cluster), no file changes.
        let files = ["raft-a.external.yaml", "raft-b.external.yaml", "keys/raft-a/raft-ids.json", "keys/raft-b/raft-ids.json"].map(text)
        try qube.write("record/calls.jsonl", "")
        #expect(try run(orgA).status == 0)
        #expect(try run(orgB).status == 0)
        #expect(execs() == Self.boundReads)
        #expect(["raft-a.external.yaml", "raft-b.external.yaml", "keys/raft-a/raft-ids.json", "keys/raft-b/raft-ids.json"].map(text) == files)
    }
}
