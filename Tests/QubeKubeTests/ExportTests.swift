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
            tesseraEndpoint: tessera.map { HostPort(host: host, port: $0) }, address: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966")
    ]
}

@Test func fixedNodePortsNeedNoCluster() throws {
    let cluster = try FakeCluster()
    let net = try network(
        expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4"), nodes: [NodeSpec(name: "quorum-node1", p2pNodePort: 31000, tesseraNodePort: 31001)])
    let nodes = try cluster.session(net).exportExternal(keys: keys)
    #expect(nodes == exported(host: "1.2.3.4", p2p: 31000, tessera: 31001))
    #expect(nodes[0].enode.description == "enode://\(nodeID)@1.2.3.4:31000?discport=0&raftport=50401")
    #expect(cluster.calls.isEmpty)
}

@Test func assignedNodePortsComeFromTheExternalService() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    let nodes = try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions(nodeIP: "5.6.7.8"))
    #expect(nodes == exported(host: "5.6.7.8", p2p: 32044, tessera: 30047))
    #expect(cluster.calls == [["config", "get-contexts", "-o", "name"], getService])
}

@Test func nodeIPDefaultsToTheFirstNodesExternalIPThenInternalIP() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    cluster.add(APIObjects.node("kind-a-control-plane", addresses: [("InternalIP", "172.18.0.2"), ("ExternalIP", "35.1.2.3"), ("Hostname", "kind-a-control-plane")]))
    #expect(try cluster.session(network()).exportExternal(keys: keys) == exported(host: "35.1.2.3", p2p: 32044, tessera: 30047))
    #expect(cluster.calls.last == ["get", "--context=kind-a", "nodes", "-o", "json"])

    let internalOnly = try FakeCluster()
    internalOnly.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    internalOnly.add(APIObjects.node("kind-a-control-plane", addresses: [("InternalIP", "fd00::2"), ("InternalIP", "172.18.0.2"), ("Hostname", "kind-a-control-plane")]))
    #expect(try internalOnly.session(network()).exportExternal(keys: keys) == exported(host: "172.18.0.2", p2p: 32044, tessera: 30047))
}

@Test func loadBalancerAddressAndServicePorts() throws {
    let byIP = try FakeCluster()
    byIP.add(
        APIObjects.service(
            "quorum-node1-external", type: "LoadBalancer", ports: [("p2p", 30303, 31500), ("tm-p2p", 9001, 31501)], ingress: [["ip": "203.0.113.10", "ipMode": "VIP"]]))
    let lb = try network(expose: Exposure(kind: .loadBalancer))
    #expect(try byIP.session(lb).exportExternal(keys: keys) == exported(host: "203.0.113.10", p2p: 30303, tessera: 9001))
    #expect(byIP.calls == [["config", "get-contexts", "-o", "name"], getService])

    let byName = try FakeCluster()
    byName.add(
        APIObjects.service(
            "quorum-node1-external", type: "LoadBalancer", ports: [("p2p", 30303, 31500), ("tm-p2p", 9001, 31501)],
            ingress: [["hostname": "a1b2c3-123456.eu-west-1.elb.amazonaws.com"]]))
    #expect(
        try byName.session(lb).exportExternal(keys: keys)
            == exported(host: "a1b2c3-123456.eu-west-1.elb.amazonaws.com", p2p: 30303, tessera: 9001))
}

@Test func pendingLoadBalancerIsAnError() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "LoadBalancer", ports: [("p2p", 30303, 31500), ("tm-p2p", 9001, 31501)]))
    #expect(
        throws: KubeError.notExported(
            context: "kind-a", node: "quorum-node1",
            reason: "the LoadBalancer of service/quorum-node1-external has no address yet; export again once it has one, or export with wait = true")
    ) {
        try cluster.session(network(expose: Exposure(kind: .loadBalancer))).exportExternal(keys: keys)
    }
}

@Test func clusterIPNodesAreExportedByServiceDNSName() throws {
    let cluster = try FakeCluster()
    let nodes = try cluster.session(network(expose: Exposure(kind: .clusterIP))).exportExternal(keys: keys)
    #expect(nodes == exported(host: "quorum-node1.org-a.svc.cluster.local", p2p: 30303, tessera: 9001))
    #expect(cluster.calls.isEmpty)
    let withoutTessera = try cluster.session(network(expose: Exposure(kind: .clusterIP), tessera: false)).exportExternal(keys: keys)
    #expect(withoutTessera[0].tesseraEndpoint == nil)
}

@Test func exportProblemsNameTheNode() throws {
    let cluster = try FakeCluster()
    #expect(throws: KubeError.notExported(context: nil, node: "quorum-node1", reason: "it has no keys yet; run genKeys first")) {
        try cluster.session(network()).exportExternal(keys: [:])
    }
    #expect(
        throws: KubeError.notExported(
            context: "kind-a", node: "quorum-node1", reason: "service/quorum-node1-external does not exist in namespace 'org-a'; deploy first")
    ) {
        try cluster.session(network()).exportExternal(keys: keys)
    }
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044)]))
    #expect(
        throws: KubeError.notExported(context: "kind-a", node: "quorum-node1", reason: "service/quorum-node1-external has no port named 'tm-p2p'")
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions(nodeIP: "1.2.3.4"))
    }
    #expect(
        throws: KubeError.notExported(context: nil, node: "quorum-node1", reason: "'http://1.2.3.4' is not an IPv4 address or DNS name")
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions(nodeIP: "http://1.2.3.4"))
    }
}

@Test func garbageAnswerIsUnreadableOutput() throws {
    let cluster = try FakeCluster()
    cluster.write("garbage", "NAME   TYPE   CLUSTER-IP\nquorum-node1-external   NodePort   10.96.0.1\n")
    #expect(
        throws: KubeError.unreadableOutput(context: "kind-a", action: "get service/quorum-node1-external", detail: "not JSON")
    ) {
        try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions(nodeIP: "1.2.3.4"))
    }
    let wrongShape = try FakeCluster()
    wrongShape.write("garbage", #"{"kind": "Service", "metadata": {"name": "quorum-node1-external"}, "spec": {"ports": [{"name": "p2p"}]}}"#)
    #expect(
        throws: KubeError.unreadableOutput(
            context: "kind-a", action: "get service/quorum-node1-external", detail: "field spec.ports.Index 0.port is missing")
    ) {
        try wrongShape.session(network()).exportExternal(keys: keys, options: ExportOptions(nodeIP: "1.2.3.4"))
    }
}

@Test func exportedNodesWriteAsAnExchangeFile() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.service("quorum-node1-external", type: "NodePort", ports: [("p2p", 30303, 32044), ("tm-p2p", 9001, 30047)]))
    let nodes = try cluster.session(network()).exportExternal(keys: keys, options: ExportOptions(nodeIP: "1.2.3.4"))
    #expect(
        String(decoding: ExternalNodesFile.render(nodes), as: UTF8.self) == """
            external_nodes:
            - Node_UserIdent: "quorum-node1"
              Enode_Url: "enode://\(nodeID)@1.2.3.4:32044?discport=0&raftport=50401"
              Tm_Url: "1.2.3.4:30047"
              Node_Acct_Addr: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966"

            """)
}
