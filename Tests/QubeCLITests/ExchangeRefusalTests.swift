import Foundation
import Testing

/// What crosses between organisations, refused at the script line when it would be wrong:
/// addresses others cannot reach, a Tessera URL the node does not advertise, another block
/// period, a raft peer without a raft port. The fake kubectl answers where a cluster is asked.
@Suite struct ExchangeRefusalTests {
    static let fakeKubectl = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/kubectl/fake-kubectl").standardizedFileURL.path

    /// Runs `source` as topology.lua in `qube`'s directory against the fake kubectl (one context, kind-a).
    private func run(_ source: String, in qube: QubeProcess) throws -> QubeProcess.Result {
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("record/.keep", "")
        try qube.write("topology.lua", source)
        return try qube.run(
            ["run", "-q", "topology.lua"],
            environment: [
                "QUBE_KUBECTL": Self.fakeKubectl,
                "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
            ])
    }

    private func failure(of source: String) throws -> String {
        let result = try run(source, in: try QubeProcess())
        #expect(result.status == 1)
        return result.standardError
    }

    private static let exposedA = """
        local a = network { name = "org-a", context = "kind-a", expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
        a:addNode { name = "a1", nodePort = 30301, tmNodePort = 30401 }
        a:genKeys { kdf = "light" }

        """

    /// GoQuorum refuses a raft peer whose enode URL has no raftport (`raft-addPeer-no-raftport.txt`).
    @Test func raftRefusesExternalNodesWithoutARaftPort() throws {
        let message = try failure(of: """
            local r = network { name = "raft-b", consensus = "raft", chainId = 10 }
            r:addExternal { Node_UserIdent = "x1", Enode_Url = "enode://\(String(repeating: "a", count: 128))@192.0.2.10:30301?discport=0" }
            """)
        #expect(
            message
                == "topology.lua:2: addExternal: Enode_Url: node 'x1' has no raftport in its enode URL; network 'raft-b' runs raft, "
                + "whose members are reached at the raft port the URL names (enode://...?discport=0&raftport=PORT)\n")
    }

    /// A raft node is exported with the raft NodePort others reach and its founder's raft ID;
    /// without a fixed raft NodePort, a joining node's export asks the cluster for the one it
    /// assigned, and a founder's is refused (raft members dial the founder at its static-nodes.json
    /// entry, which cannot carry an address the cluster assigns).
    @Test func raftIsExportedWithItsRaftNodePort() throws {
        let qube = try QubeProcess()
        let result = try run("""
            local r = network { name = "raft-a", consensus = "raft", chainId = 10, expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
            r:addNode { name = "r1", nodePort = 30301, tmNodePort = 30401, raftNodePort = 30501 }
            r:genKeys { kdf = "light" }
            local record = r:exportExternal()[1]
            print(record.Enode_Url:match("@.*"), record.Raft_Id)
            """, in: qube)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "@192.0.2.10:30301?discport=0&raftport=30501\t1\n")
        let message = try failure(of: """
            local r = network { name = "raft-a", consensus = "raft", chainId = 10, expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
            r:addNode { name = "r1", nodePort = 30301, tmNodePort = 30401 }
            r:genKeys { kdf = "light" }
            r:genesis():write("raft-genesis.json")
            local b = network { name = "raft-b", genesis = readGenesis "raft-genesis.json", expose = { type = "NodePort", nodeIp = "192.0.2.20" } }
            b:addNode { name = "b1", nodePort = 30311, tmNodePort = 30411 }
            b:genKeys { kdf = "light" }
            b:exportExternal()
            """)
        #expect(message.hasPrefix("topology.lua:8: network 'raft-b' names no kube context"))
        let founder = try failure(of: """
            local r = network { name = "raft-a", consensus = "raft", chainId = 10, expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
            r:addNode { name = "r1", nodePort = 30301, tmNodePort = 30401 }
            r:genKeys { kdf = "light" }
            r:exportExternal()
            """)
        #expect(
            founder
                == "topology.lua:4: cannot export node 'r1': it founds the raft cluster of network 'raft-a', whose members (another "
                + "cluster's too) dial it for the life of the chain at the address its static-nodes.json gives it when the cluster first "
                + "starts, here its in-cluster name, as the cluster assigns its external address; declare expose.nodeIp and the node's "
                + "fixed nodePort and raftNodePort so render lists it at its external address (a raft cluster that already runs keeps "
                + "the addresses it started with)\n")
    }

    /// A network joining a raft chain renders its nodes with no pod until a member gives them a raft ID.
    @Test func raftGenesisIsJoinedByNodesThatAwaitTheirIDs() throws {
        let qube = try QubeProcess()
        let result = try run("""
            local r = network { name = "raft-a", consensus = "raft", chainId = 10, tessera = false }
            r:addNode { name = "r1" }
            r:genKeys { kdf = "light" }
            r:genesis():write("raft-genesis.json")
            local b = network { name = "raft-b", genesis = readGenesis "raft-genesis.json", tessera = false }
            b:addNode { name = "b1" }
            b:genKeys { kdf = "light" }
            b:render()
            print(b.consensus)
            """, in: qube)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "raft\n")
        let node = String(decoding: try #require(qube.read("out/raft-b/k8s/nodes/b1.yaml")), as: UTF8.self)
        #expect(node.contains("\n  replicas: 0\n"))
        #expect(node.contains(
            "    qube.dev/awaiting: \"a raft ID: a member of the raft cluster adds this node (raft.addPeer) and sends its Raft_Id back; until then it runs no pod\"\n"))
        #expect(!node.contains("raftjoinexisting"))
    }

    @Test func anotherBlockPeriodIsRefusedAtAddExternal() throws {
        let message = try failure(of: """
            local a = network { name = "org-a", blockPeriod = 5, expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
            a:addNode { name = "a1", nodePort = 30301, tmNodePort = 30401 }
            a:genKeys { kdf = "light" }
            local b = network { name = "org-b", genesis = a:genesis() }

            b:addExternal(a:exportExternal())
            """)
        #expect(
            message
                == "topology.lua:6: addExternal: Istanbul_Block_Period: node 'a1' runs an IBFT chain with a 5 s block period, "
                + "but network 'org-b' has blockPeriod 1; its validators would reject each other's blocks: set blockPeriod = 5 in network{}\n")
    }

    @Test func clusterIPNodesNeedTheInClusterOptIn() throws {
        let source = """
            local a = network { name = "org-a" }
            a:addNode { name = "a1" }
            a:genKeys { kdf = "light" }
            local b = network { name = "org-b", genesis = a:genesis() }
            b:addExternal(a:exportExternal { inCluster = true })
            print(b:externalNodes()[1].Tm_Url)
            a:exportExternal()
            """
        let result = try run(source, in: try QubeProcess())
        #expect(result.status == 1)
        #expect(result.standardOutput == "a1.org-a.svc.cluster.local:9001\n")
        #expect(
            result.standardError
                == "topology.lua:7: cannot export node 'a1': it is reachable only inside its cluster (expose type ClusterIP); "
                + "for another organisation set expose = { type = \"NodePort\", nodeIp = \"...\" } or { type = \"LoadBalancer\" }, "
                + "or export with inCluster = true for a network in another namespace of the same cluster\n")
    }

    /// The ConfigMap the fake cluster serves for a1's Tessera config, as a deploy of `config` applies it.
    private func deployTesseraConfig(_ config: Data, in qube: QubeProcess) throws {
        let object: [String: Any] = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "a1-tessera", "namespace": "org-a", "resourceVersion": "4711"],
            "data": ["a1.json": String(decoding: config, as: UTF8.self)],
        ]
        try qube.write(
            "scenario/objects/configmap/a1-tessera.json",
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
    }

    private func advertised(in qube: QubeProcess) throws -> [String: Any] {
        let config = try #require(qube.read("out/org-a/tessera/a1.json"))
        let servers = try #require((try JSONSerialization.jsonObject(with: config) as? [String: Any])?["serverConfigs"] as? [[String: Any]])
        return try #require(servers.first { $0["app"] as? String == "P2P" })
    }

    /// Cluster-assigned NodePorts: the first export records the Tessera address and refuses; the
    /// next render advertises it, and export refuses until that render is deployed, then agrees.
    @Test func assignedTesseraAddressConvergesOnceDeployed() throws {
        let qube = try QubeProcess()
        try qube.write(
            "scenario/objects/service/a1-external.json",
            #"""
            {"apiVersion": "v1", "kind": "Service",
             "metadata": {"name": "a1-external", "namespace": "org-a", "labels": {"app.kubernetes.io/part-of": "org-a", "app.kubernetes.io/managed-by": "qube"}},
             "spec": {"type": "NodePort", "clusterIP": "10.96.14.7",
                      "ports": [{"name": "p2p", "port": 30303, "protocol": "TCP", "targetPort": 30303, "nodePort": 32044},
                                {"name": "tm-p2p", "port": 9001, "protocol": "TCP", "targetPort": 9001, "nodePort": 30047}]},
             "status": {"loadBalancer": {}}}
            """#)
        let source = """
            local a = network { name = "org-a", context = "kind-a", expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
            a:addNode { name = "a1" }
            a:genKeys { kdf = "light" }
            a:render()
            writeExternal("org-a.external.yaml", a:exportExternal())
            """
        let first = try run(source, in: qube)
        #expect(first.status == 1)
        #expect(
            first.standardError
                == "topology.lua:5: context 'kind-a': cannot export node 'a1': other organisations reach its Tessera at 192.0.2.10:30047, "
                + "but it advertises http://a1.org-a.svc.cluster.local:9001 (the cluster assigned the address after the last render); "
                + "render and deploy again so it advertises 192.0.2.10:30047, then export (recorded in addresses/org-a.json, which render reads)\n")
        #expect(qube.read("org-a.external.yaml") == nil)
        let recorded = Data("{\n  \"a1\": \"192.0.2.10:30047\"\n}\n".utf8)
        #expect(qube.read("addresses/org-a.json") == recorded)
        let stale = try #require(qube.read("out/org-a/tessera/a1.json"))
        try deployTesseraConfig(stale, in: qube)

        let second = try run(source, in: qube)
        #expect(second.status == 1)
        #expect(
            second.standardError
                == "topology.lua:5: context 'kind-a': cannot export node 'a1': other organisations reach its Tessera at 192.0.2.10:30047, "
                + "but its config deployed in the cluster advertises http://a1.org-a.svc.cluster.local:9001; deploy the rendered tree, then export\n")
        #expect(try advertised(in: qube)["serverAddress"] as? String == "http://192.0.2.10:30047")
        #expect(try advertised(in: qube)["bindingAddress"] as? String == "http://0.0.0.0:9001")
        #expect(qube.read("addresses/org-a.json") == recorded)
        #expect(qube.read("org-a.external.yaml") == nil)

        try deployTesseraConfig(try #require(qube.read("out/org-a/tessera/a1.json")), in: qube)
        let third = try run(source, in: qube)
        #expect(third.status == 0, "\(third.standardError)")
        let exported = String(decoding: try #require(qube.read("org-a.external.yaml")), as: UTF8.self)
        #expect(exported.contains("  Tm_Url: \"192.0.2.10:30047\"\n"))
        #expect(qube.read("addresses/org-a.json") == recorded)
    }
}
