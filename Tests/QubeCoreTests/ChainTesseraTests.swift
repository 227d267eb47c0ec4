import Foundation
import Testing
import QubeCore

struct ChainTesseraTests {
    /// The dotted key paths of a JSON value, arrays as `[]`, as the versions lists write them.
    static func keyPaths(_ value: Any, _ path: String = "") -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, member in
                let child = path.isEmpty ? key : "\(path).\(key)"
                return (member is [Any] ? [] : [child]) + keyPaths(member, child)
            }
        }
        if let array = value as? [Any] {
            return [path + "[]"] + array.flatMap { keyPaths($0, path + "[]") }
        }
        return []
    }

    @Test(arguments: [
        ("0.10.5", "tessera-config-keys-0.10.5.txt"), ("0.10.6", "tessera-config-keys-0.10.6.txt"),
        ("20.10.0", "tessera-config-keys-20.10.x.txt"), ("21.7.1", "tessera-config-keys-21.7.x.txt"),
        ("24.4.2", "tessera-config-keys-24.4.x.txt"),
    ])
    func writesOnlyKeysTheLineKnows(_ version: String, _ list: String) throws {
        let known = try ChainFixtures.versionList(list)
        let tessera = try #require(SemanticVersion(version))
        var (network, keys) = try ChainFixtures.network(tessera: tessera)
        try network.addExternal(try ChainGoldenTests.externalNode5())
        for locked in [false, true] {
            let files = try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: locked)
            let config = try #require(files.tesseraConfigs["quorum-node2"])
            let paths = Self.keyPaths(try JSONSerialization.jsonObject(with: config))
            #expect(!paths.isEmpty)
            let unknown = paths.filter { !known.contains($0) }
            #expect(unknown.isEmpty, "not Tessera \(version) config keys: \(unknown)")
            #expect(paths.contains("keys.passwordFile") == locked)
        }
        keys.removeAll()
    }

    /// A large network's configs list a bounded set of local peers, so their total size grows
    /// linearly with the node count; external nodes are always listed.
    @Test func localPeersAreCappedButExternalNodesAreAllListed() throws {
        var network = try Network(NetworkSpec(name: "big", tesseraVersion: SemanticVersion(24, 4, 2)))
        for index in 1...40 { try network.addNode(NodeSpec(name: "n\(index)")) }
        try network.addExternal(try ChainGoldenTests.externalNode5())
        let node = try #require(network.nodes.last)
        let data = TesseraConfig.file(for: node, in: network, keysLocked: false)
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let peers = try #require(config["peer"] as? [[String: String]]).compactMap { $0["url"] }
        #expect(peers.count == TesseraConfig.localPeerLimit + 1)
        #expect(peers.first == "http://n1.big.svc.cluster.local:9001")
        #expect(peers.last == "http://tm1.org-c.example.com:9001")
    }

    @Test func configAdvertisesServiceNamesAndPeersWithEveryNode() throws {
        var (network, keys) = try ChainFixtures.network(tessera: SemanticVersion(24, 4, 2))
        try network.addExternal(try ChainGoldenTests.externalNode5())
        let files = try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: true)
        #expect(files.tesseraConfigs.keys.sorted() == ["quorum-node1", "quorum-node2", "quorum-node3"])
        let data = try #require(files.tesseraConfigs["quorum-node2"])
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let servers = try #require(config["serverConfigs"] as? [[String: String]])
        #expect(servers.first { $0["app"] == "P2P" }?["serverAddress"] == "http://quorum-node2.org-a.svc.cluster.local:9001")
        #expect(servers.first { $0["app"] == "P2P" }?["bindingAddress"] == "http://0.0.0.0:9001")
        #expect(servers.first { $0["app"] == "ThirdParty" }?["serverAddress"] == "http://quorum-node2.org-a.svc.cluster.local:9080")
        #expect(servers.first { $0["app"] == "Q2T" }?["serverAddress"] == "unix:/data/tessera/tm.ipc")
        let peers = try #require(config["peer"] as? [[String: String]]).compactMap { $0["url"] }
        #expect(peers == [
            "http://quorum-node1.org-a.svc.cluster.local:9001", "http://quorum-node2.org-a.svc.cluster.local:9001",
            "http://quorum-node3.org-a.svc.cluster.local:9001", "http://tm1.org-c.example.com:9001",
        ])
        let keyConfig = try #require(config["keys"] as? [String: Any])
        #expect(keyConfig["passwordFile"] as? String == "/etc/quorum/keys/tm.password")
        keys.removeAll()
    }

    /// The P2P serverAddress of an exposed node is where other organisations reach it: the
    /// script's nodeIp and tmNodePort, a fixed loadBalancerIP, else the recorded address, else
    /// (until the cluster assigns one) its in-cluster name. Peers are still listed in-cluster.
    @Test func exposedNodesAdvertiseTheAddressOthersReach() throws {
        func p2p(_ node: String, in network: Network) throws -> [String: String] {
            let spec = try #require(network.nodes.first { $0.name == node })
            let data = TesseraConfig.file(for: spec, in: network, keysLocked: false)
            let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let servers = try #require(config["serverConfigs"] as? [[String: String]])
            return try #require(servers.first { $0["app"] == "P2P" })
        }
        var balancer = Exposure(kind: .loadBalancer)
        balancer.loadBalancerIP = "203.0.113.10"
        var network = try Network(
            NetworkSpec(name: "org-a", tesseraVersion: SemanticVersion(0, 10, 6), expose: Exposure(kind: .nodePort, nodeIP: "192.0.2.10")))
        try network.addNode(NodeSpec(name: "fixed", p2pNodePort: 30301, tesseraNodePort: 30401))
        try network.addNode(NodeSpec(name: "assigned"))
        try network.addNode(NodeSpec(name: "balanced", expose: balancer))
        try network.addNode(NodeSpec(name: "inside", expose: Exposure(kind: .clusterIP)))
        #expect(try p2p("fixed", in: network) == [
            "app": "P2P", "communicationType": "REST", "serverAddress": "http://192.0.2.10:30401", "bindingAddress": "http://0.0.0.0:9001",
        ])
        #expect(try p2p("assigned", in: network)["serverAddress"] == "http://assigned.org-a.svc.cluster.local:9001")
        #expect(network.tesseraAddress(of: network.nodes[1]).source == .pending)
        #expect(try p2p("balanced", in: network)["serverAddress"] == "http://203.0.113.10:9001")
        #expect(try p2p("inside", in: network)["serverAddress"] == "http://inside.org-a.svc.cluster.local:9001")

        network.adoptRecordedTesseraAddresses(["assigned": HostPort(host: "192.0.2.10", port: 31999), "fixed": HostPort(host: "x", port: 1)])
        #expect(try p2p("assigned", in: network)["serverAddress"] == "http://192.0.2.10:31999")
        #expect(try p2p("fixed", in: network)["serverAddress"] == "http://192.0.2.10:30401")

        let data = TesseraConfig.file(for: network.nodes[0], in: network, keysLocked: false)
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(try #require(config["peer"] as? [[String: String]]).first?["url"] == "http://fixed.org-a.svc.cluster.local:9001")
    }

    @Test func noTesseraNoConfigs() throws {
        let (network, keys) = try ChainFixtures.network(tessera: nil)
        #expect(try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false).tesseraConfigs.isEmpty)
    }

    @Test func raftPeersCarryTheRaftPortAndExternalNodesNeedOne() throws {
        var (network, keys) = try ChainFixtures.network(consensus: .raft, nodes: 2)
        let files = try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false)
        let text = String(decoding: files.staticNodes, as: UTF8.self)
        #expect(text.hasPrefix("[\n  \"enode://ac6b1096"))
        #expect(text.hasSuffix("@quorum-node2.org-a.svc.cluster.local:30303?discport=0&raftport=50401\"\n]\n"))
        #expect(files.permissionedNodes == files.staticNodes)
        // GoQuorum refuses a raft peer without raftport (raft-addPeer-no-raftport.txt), and so does the network.
        var joiner = try ChainGoldenTests.externalNode5()
        #expect(
            throws: ValidationError(
                field: "Enode_Url",
                "node 'org-c-node1' has no raftport in its enode URL; network 'org-a' runs raft, whose members are reached at the raft port "
                    + "the URL names (enode://...?discport=0&raftport=PORT)")
        ) { try network.addExternal(joiner) }
        #expect(network.externalNodes.isEmpty)
        joiner.enode.raftPort = 30511
        try network.addExternal(joiner)
        let withJoiner = try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false)
        #expect(
            String(decoding: withJoiner.staticNodes, as: UTF8.self).hasSuffix(
                "@node1.org-c.example.com:30303?discport=0&raftport=30511\"\n]\n"))
        keys.removeAll()
    }
}
