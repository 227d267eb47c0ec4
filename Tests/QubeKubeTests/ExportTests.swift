import Foundation
import QubeCore
import QubeKube
import Testing

private let scope = ["--context=kind-a", "--namespace=org-a"]
private let nodeID = "ac6b1096ca56b9f6d004b779ae3728bf83f8e22453404cc3cef16a3d9b96608bc67c4b30db88e0a5a6c6390213f7acbe1153ff6d23ce57380104288ae19373ef"
private let keys = [
    "quorum-node1": NodeKeys(
        nodeID: nodeID, validatorAddress: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966",
        accountAddress: "0x0000000000000000000000000000000000000001", tesseraPublicKey: "BULeR8JyUWhiuuCMU/HLA0Q5pzkYT+cHII3ZKBey3Bo=")
]
private let getService = ["get"] + scope + ["service/quorum-node1-external", "--ignore-not-found", "-o", "json"]

private func exported(host: String, p2p: Int, tessera: Int?) -> [ExternalNode] {
    [
        ExternalNode(
            name: "quorum-node1", enode: EnodeURL(nodeID: nodeID, host: host, port: p2p, raftPort: 50401),
            tesseraEndpoint: tessera.map { HostPort(host: host, port: $0) }, address: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966",
            blockPeriod: 1)
    ]
}

@Test func fixedNodePortsNeedNoCluster() throws {
    let cluster = try FakeCluster()
    let net = try network(
        expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"), nodes: [NodeSpec(name: "quorum-node1", p2pNodePort: 31000, tesseraNodePort: 31001)])
    let nodes = try cluster.session(net).exportExternal(keys: keys, options: .test())
    #expect(nodes == exported(host: "1.2.3.4", p2p: 31000, tessera: 31001))
    #expect(nodes[0].enode.description == "enode://\(nodeID)@1.2.3.4:31000?discport=0&raftport=50401")
    #expect(cluster.calls.isEmpty)
}

private let getTesseraConfig = ["get"] + scope + ["configmap/quorum-node1-tessera", "--ignore-not-found", "-o", "json"]

/// `network()` whose quorum-node1 advertises `tessera` (as exportExternal records it); when
/// `cluster` is given, that render is deployed there.
private func advertising(
    _ tessera: HostPort, expose: Exposure = Exposure(kind: .nodePort), consensus: Consensus = .istanbul, deployedIn cluster: FakeCluster? = nil
) throws -> Network {
    var net = try network(consensus: consensus, expose: expose)
    net.adoptRecordedTesseraAddresses(["quorum-node1": tessera])
    if let cluster { deploy(TesseraConfig.file(for: net.nodes[0], in: net, keysLocked: false), in: cluster) }
    return net
}

/// Puts quorum-node1's Tessera ConfigMap holding `config` into `cluster`, as a deploy applies it.
private func deploy(_ config: Data, in cluster: FakeCluster) {
    cluster.add([
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": APIObjects.metadata("quorum-node1-tessera", labels: APIObjects.labels("org-a")),
        "data": ["quorum-node1.json": String(decoding: config, as: UTF8.self)],
    ])
}

/// A recorded address is checked against what the cluster runs: a render not deployed yet is refused.
@Test func aRecordedAddressMustBeDeployed() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    let reached = HostPort(host: "5.6.7.8", port: 30047)
    let net = try advertising(reached)
    #expect(
        throws: KubeError.notExported(
            context: "kind-a", node: "quorum-node1", reason: "configmap/quorum-node1-tessera with quorum-node1.json does not exist in namespace 'org-a'; deploy first")
    ) {
        try cluster.session(net).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "5.6.7.8"))
    }
    deploy(TesseraConfig.file(for: net.nodes[0], in: try network(), keysLocked: false), in: cluster)
    let stale = KubeError.notAdvertised(
        context: "kind-a",
        mismatches: [
            TesseraAddressMismatch(
                node: "quorum-node1", advertised: TesseraAddress(endpoint: reached, source: .recorded), reached: reached,
                deployed: "http://quorum-node1.org-a.svc.cluster.local:9001")
        ])
    #expect(throws: stale) { try cluster.session(net).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "5.6.7.8")) }
    #expect(
        stale.description
            == "context 'kind-a': cannot export node 'quorum-node1': other organisations reach its Tessera at 5.6.7.8:30047, "
            + "but its config deployed in the cluster advertises http://quorum-node1.org-a.svc.cluster.local:9001; deploy the rendered tree, then export")
    _ = try advertising(reached, deployedIn: cluster)
    #expect(try cluster.session(net).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "5.6.7.8")) == exported(host: "5.6.7.8", p2p: 32044, tessera: 30047))
}

@Test func assignedNodePortsComeFromTheExternalService() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    let net = try advertising(HostPort(host: "5.6.7.8", port: 30047), deployedIn: cluster)
    let nodes = try cluster.session(net).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "5.6.7.8"))
    #expect(nodes == exported(host: "5.6.7.8", p2p: 32044, tessera: 30047))
    #expect(cluster.calls == [["config", "get-contexts", "-o", "name"], getService, getTesseraConfig])
}

@Test func nodeIPDefaultsToTheFirstNodesExternalIPNeverItsInternalIP() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    cluster.add(APIObjects.node("kind-a-control-plane", addresses: [("InternalIP", "172.18.0.2"), ("ExternalIP", "35.1.2.3"), ("Hostname", "kind-a-control-plane")]))
    let net = try advertising(HostPort(host: "35.1.2.3", port: 30047), deployedIn: cluster)
    #expect(try cluster.session(net).exportExternal(keys: keys, options: .test()) == exported(host: "35.1.2.3", p2p: 32044, tessera: 30047))
    #expect(cluster.calls.dropLast().last == ["get", "--context=kind-a", "nodes", "-o", "json"])

    let internalOnly = try FakeCluster()
    internalOnly.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    internalOnly.add(APIObjects.node("kind-a-control-plane", addresses: [("InternalIP", "fd00::2"), ("InternalIP", "172.18.0.2"), ("Hostname", "kind-a-control-plane")]))
    #expect(
        throws: KubeError.notExported(
            context: "kind-a", node: "quorum-node1",
            reason: "the cluster's first node has no IPv4 ExternalIP; set expose.nodeIp (or pass nodeIp to exportExternal) "
                + "to the address other organisations reach the cluster's nodes at")
    ) {
        try internalOnly.session(try advertising(HostPort(host: "172.18.0.2", port: 30047))).exportExternal(keys: keys, options: .test())
    }
}

/// Tessera stores a peer's keys against the URL the peer advertises, so a Tm_Url the node does
/// not advertise is refused, with every such node named, and nothing is exported.
@Test func aTmUrlTheNodeDoesNotAdvertiseIsRefused() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    let pending = TesseraAddress(endpoint: HostPort(host: "quorum-node1.org-a.svc.cluster.local", port: 9001), source: .pending)
    let reached = HostPort(host: "5.6.7.8", port: 30047)
    #expect(
        throws: KubeError.notAdvertised(
            context: "kind-a", mismatches: [TesseraAddressMismatch(node: "quorum-node1", advertised: pending, reached: reached)])
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "5.6.7.8"))
    }
    #expect(
        KubeError.notAdvertised(context: "kind-a", mismatches: [TesseraAddressMismatch(node: "quorum-node1", advertised: pending, reached: reached)])
            .description
            == "context 'kind-a': cannot export node 'quorum-node1': other organisations reach its Tessera at 5.6.7.8:30047, "
            + "but it advertises http://quorum-node1.org-a.svc.cluster.local:9001 (the cluster assigned the address after the last render); "
            + "render and deploy again so it advertises 5.6.7.8:30047, then export")

    // The script fixes the address: a different nodeIp at export cannot be recorded away.
    let fixed = try network(
        expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"), nodes: [NodeSpec(name: "quorum-node1", p2pNodePort: 31000, tesseraNodePort: 31001)])
    #expect(
        throws: KubeError.notAdvertised(
            context: nil,
            mismatches: [
                TesseraAddressMismatch(
                    node: "quorum-node1", advertised: TesseraAddress(endpoint: HostPort(host: "1.2.3.4", port: 31001), source: .script, tls: true),
                    reached: HostPort(host: "9.9.9.9", port: 31001))
            ])
    ) {
        try cluster.session(fixed).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "9.9.9.9"))
    }
}

@Test func loadBalancerAddressAndServicePorts() throws {
    let byIP = try FakeCluster()
    byIP.add(
        APIObjects.service(
            "quorum-node1-external", type: "LoadBalancer", ports: [("p2p", 30303, 31500), ("tm-p2p", 9001, 31501)], ingress: [["ip": "203.0.113.10", "ipMode": "VIP"]]))
    let lb = try advertising(HostPort(host: "203.0.113.10", port: 9001), expose: Exposure(kind: .loadBalancer), deployedIn: byIP)
    #expect(try byIP.session(lb).exportExternal(keys: keys, options: .test()) == exported(host: "203.0.113.10", p2p: 30303, tessera: 9001))
    #expect(byIP.calls == [["config", "get-contexts", "-o", "name"], getService, getTesseraConfig])

    let byName = try FakeCluster()
    byName.add(
        APIObjects.service(
            "quorum-node1-external", type: "LoadBalancer", ports: [("p2p", 30303, 31500), ("tm-p2p", 9001, 31501)],
            ingress: [["hostname": "a1b2c3-123456.eu-west-1.elb.amazonaws.com"]]))
    let byNameNet = try advertising(
        HostPort(host: "a1b2c3-123456.eu-west-1.elb.amazonaws.com", port: 9001), expose: Exposure(kind: .loadBalancer), deployedIn: byName)
    #expect(
        try byName.session(byNameNet).exportExternal(keys: keys, options: .test())
            == exported(host: "a1b2c3-123456.eu-west-1.elb.amazonaws.com", p2p: 30303, tessera: 9001))

    // A fixed loadBalancerIP is advertised from the first render on.
    var fixedIP = Exposure(kind: .loadBalancer)
    fixedIP.loadBalancerIP = "203.0.113.10"
    #expect(try byIP.session(try network(expose: fixedIP)).exportExternal(keys: keys, options: .test()) == exported(host: "203.0.113.10", p2p: 30303, tessera: 9001))
}

@Test func pendingLoadBalancerIsAnError() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "LoadBalancer", ports: [("p2p", 30303, 31500), ("tm-p2p", 9001, 31501)]))
    #expect(
        throws: KubeError.notExported(
            context: "kind-a", node: "quorum-node1",
            reason: "the LoadBalancer of service/quorum-node1-external has no address yet; export again once it has one, or export with wait = true")
    ) {
        try cluster.session(network(expose: Exposure(kind: .loadBalancer))).exportExternal(keys: keys, options: .test())
    }
}

@Test func clusterIPNodesAreExportedByServiceDNSNameOnlyWhenAskedFor() throws {
    let cluster = try FakeCluster()
    let inCluster = ExportOptions.test(inCluster: true)
    let nodes = try cluster.session(network(context: nil, expose: Exposure(kind: .clusterIP))).exportExternal(keys: keys, options: inCluster)
    #expect(nodes == exported(host: "quorum-node1.org-a.svc.cluster.local", p2p: 30303, tessera: 9001))
    #expect(cluster.calls.isEmpty)
    let withoutTessera = try cluster.session(network(expose: Exposure(kind: .clusterIP), tessera: false)).exportExternal(keys: keys, options: inCluster)
    #expect(withoutTessera[0].tesseraEndpoint == nil)
    #expect(
        throws: KubeError.notExported(
            context: nil, node: "quorum-node1",
            reason: "it is reachable only inside its cluster (expose type ClusterIP); for another organisation set "
                + "expose = { type = \"NodePort\", nodeIp = \"...\" } or { type = \"LoadBalancer\" }, "
                + "or export with inCluster = true for a network in another namespace of the same cluster")
    ) {
        try cluster.session(network(expose: Exposure(kind: .clusterIP))).exportExternal(keys: keys, options: .test())
    }
}

/// Fixed NodePorts and a nodeIp say everything: no kube context is needed, nor asked for.
@Test func fixedNodePortsNeedNoContext() throws {
    let cluster = try FakeCluster()
    let net = try network(
        context: nil, expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"),
        nodes: [NodeSpec(name: "quorum-node1", p2pNodePort: 31000, tesseraNodePort: 31001)])
    #expect(try cluster.session(net).exportExternal(keys: keys, options: .test()) == exported(host: "1.2.3.4", p2p: 31000, tessera: 31001))
    #expect(cluster.calls.isEmpty)
    #expect(throws: KubeError.noContext(network: "org-a")) { try cluster.session(network(context: nil)).exportExternal(keys: keys, options: .test()) }
}

/// A raft node's Enode_Url carries the raft port others reach, and its record the raft ID:
/// fixed NodePorts need no cluster; the raft members this network added follow its own nodes.
@Test func raftExportsTheReachableRaftPortAndIDs() throws {
    let cluster = try FakeCluster()
    let net = try network(
        consensus: .raft, expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"),
        nodes: [NodeSpec(name: "quorum-node1", p2pNodePort: 31000, tesseraNodePort: 31001, raftNodePort: 31002)])
    let joiner = ExternalNode(
        name: "b-node1", enode: EnodeURL(nodeID: String(repeating: "b", count: 128), host: "5.6.7.8", port: 30311, raftPort: 30511),
        raftID: 4)
    let nodes = try cluster.session(net).exportExternal(keys: keys, options: .test(), raftIDs: ["quorum-node1": 1], members: [joiner])
    #expect(nodes.map(\.enode.description) == [
        "enode://\(nodeID)@1.2.3.4:31000?discport=0&raftport=31002", "enode://\(String(repeating: "b", count: 128))@5.6.7.8:30311?discport=0&raftport=30511",
    ])
    #expect(nodes.map(\.raftID) == [1, 4])
    #expect(cluster.calls.isEmpty)
    #expect(
        String(decoding: ExternalNodesFile.render(Array(nodes.prefix(1))), as: UTF8.self).contains(
            "  Node_Acct_Addr: \"0xd8Dba507e85F116b1f7e231cA8525fC9008A6966\"\n  Raft_Id: \"1\"\n"))
}

/// Without a fixed raft NodePort, the raft port is the one the cluster gave the external Service's `raft` port.
@Test func raftExportsTheClusterAssignedRaftNodePort() throws {
    let cluster = try FakeCluster()
    cluster.add(
        APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("raft", 50401, 32045), ("tm-p2p", 9001, 30047)]))
    let net = try advertising(HostPort(host: "1.2.3.4", port: 30047), expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"), consensus: .raft)
    deploy(TesseraConfig.file(for: net.nodes[0], in: net, keysLocked: false), in: cluster)
    let nodes = try cluster.session(net).exportExternal(keys: keys, options: .test())
    #expect(nodes.map(\.enode.description) == ["enode://\(nodeID)@1.2.3.4:32044?discport=0&raftport=32045"])
    #expect(nodes[0].raftID == nil)
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    #expect(throws: KubeError.notExported(context: "kind-a", node: "quorum-node1", reason: "service/quorum-node1-external has no port named 'raft'")) {
        try cluster.session(net).exportExternal(keys: keys, options: .test())
    }
}

/// A raft founder is exported only at the address its static-nodes.json lists it at, which raft
/// members dial: a declared LoadBalancer IP the cluster did not give is refused, as is a founder
/// whose raft NodePort the cluster assigns (before the cluster is asked); a joining network's
/// nodes are exported wherever the cluster reaches them.
@Test func raftFoundersAreExportedOnlyAtTheirListedAddress() throws {
    let cluster = try FakeCluster()
    cluster.add(
        APIObjects.service(
            "quorum-node1-external", type: "LoadBalancer", ports: [("p2p", 30303, 31500), ("raft", 50401, 31502)],
            ingress: [["ip": "203.0.113.99"]]))
    var fixedIP = Exposure(kind: .loadBalancer)
    fixedIP.loadBalancerIP = "203.0.113.10"
    let founder = try network(consensus: .raft, expose: fixedIP, tessera: false)
    #expect(PeerList.enode(of: founder.nodes[0], keys: keys["quorum-node1"]!, in: founder.spec).description
        == "enode://\(nodeID)@203.0.113.10:30303?discport=0&raftport=50401")
    #expect(PeerList.enode(of: founder.nodes[0], keys: keys["quorum-node1"]!, in: founder.spec, joinsRaftCluster: true).description
        == "enode://\(nodeID)@quorum-node1.org-a.svc.cluster.local:30303?discport=0&raftport=50401")
    #expect(
        throws: KubeError.notExported(
            context: "kind-a", node: "quorum-node1",
            reason: "it founds the raft cluster of network 'org-a' at 203.0.113.10:50401 (its static-nodes.json entry), which raft members "
                + "dial for the life of the chain, but it would be exported at 203.0.113.99:50401; export it at the address the script declares")
    ) {
        try cluster.session(founder).exportExternal(keys: keys, options: .test(), foundsRaftCluster: true)
    }
    // The joining side's raft address is its export: raft.addPeer hands it to the members.
    #expect(
        try cluster.session(founder).exportExternal(keys: keys, options: .test()).map(\.enode.description)
            == ["enode://\(nodeID)@203.0.113.99:30303?discport=0&raftport=50401"])

    let assigned = try FakeCluster()
    let undeclared = try network(consensus: .raft, expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"), tessera: false)
    #expect(throws: KubeError.self) { try assigned.session(undeclared).exportExternal(keys: keys, options: .test(), foundsRaftCluster: true) }
    #expect(assigned.calls.isEmpty)
}

@Test func exportProblemsNameTheNode() throws {
    let cluster = try FakeCluster()
    #expect(throws: KubeError.notExported(context: nil, node: "quorum-node1", reason: "it has no keys yet; run genKeys first")) {
        try cluster.session(network()).exportExternal(keys: [:], options: .test())
    }
    #expect(
        throws: KubeError.notExported(
            context: "kind-a", node: "quorum-node1", reason: "service/quorum-node1-external does not exist in namespace 'org-a'; deploy first")
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: .test())
    }
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044)]))
    #expect(
        throws: KubeError.notExported(context: "kind-a", node: "quorum-node1", reason: "service/quorum-node1-external has no port named 'tm-p2p'")
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "1.2.3.4"))
    }
    #expect(
        throws: KubeError.notExported(context: nil, node: "quorum-node1", reason: "'http://1.2.3.4' is not an IPv4 address or DNS name")
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "http://1.2.3.4"))
    }
}

@Test func garbageAnswerIsUnreadableOutput() throws {
    let cluster = try FakeCluster()
    cluster.write("garbage", "NAME   TYPE   CLUSTER-IP\nquorum-node1-external   NodePort   10.96.0.1\n")
    #expect(
        throws: KubeError.unreadableOutput(context: "kind-a", action: "get service/quorum-node1-external", detail: "not JSON")
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "1.2.3.4"))
    }
    let wrongShape = try FakeCluster()
    wrongShape.write("garbage", #"{"kind": "Service", "metadata": {"name": "quorum-node1-external"}, "spec": {"ports": [{"name": "p2p"}]}}"#)
    #expect(
        throws: KubeError.unreadableOutput(
            context: "kind-a", action: "get service/quorum-node1-external", detail: "field spec.ports.Index 0.port is missing")
    ) {
        try wrongShape.session(network()).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "1.2.3.4"))
    }
}

@Test func exportedNodesWriteAsAnExchangeFile() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    let net = try advertising(HostPort(host: "1.2.3.4", port: 30047), deployedIn: cluster)
    let nodes = try cluster.session(net).exportExternal(keys: keys, options: ExportOptions.test(nodeIP: "1.2.3.4"))
    #expect(
        String(decoding: ExternalNodesFile.render(nodes), as: UTF8.self) == """
            external_nodes:
            - Node_UserIdent: "quorum-node1"
              Enode_Url: "enode://\(nodeID)@1.2.3.4:32044?discport=0&raftport=50401"
              Tm_Url: "1.2.3.4:30047"
              Node_Acct_Addr: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966"
              Istanbul_Block_Period: "1"

            """)
}

/// A clique signer is the etherbase account (GoQuorum 2.7.0 `eth/backend.go` StartMining), so
/// the exported Node_Acct_Addr, which the joining side writes into its genesis signer list and
/// votes with, is that account, not the nodekey's address.
@Test func cliqueExportsTheSigningAccount() throws {
    let cluster = try FakeCluster()
    let net = try network(
        consensus: .clique, expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"),
        nodes: [NodeSpec(name: "quorum-node1", p2pNodePort: 31000, tesseraNodePort: 31001)])
    let nodes = try cluster.session(net).exportExternal(keys: keys, options: .test())
    #expect(nodes.map(\.address) == ["0x0000000000000000000000000000000000000001"])
    #expect(nodes.map(\.blockPeriod) == [nil])
}
