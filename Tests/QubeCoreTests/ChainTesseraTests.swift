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
        network.addExternal(try ChainGoldenTests.externalNode5())
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
        network.addExternal(try ChainGoldenTests.externalNode5())
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
        network.addExternal(try ChainGoldenTests.externalNode5())
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

    @Test func noTesseraNoConfigs() throws {
        let (network, keys) = try ChainFixtures.network(tessera: nil)
        #expect(try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false).tesseraConfigs.isEmpty)
    }

    @Test func raftPeersCarryTheRaftPortAndExternalsMustToo() throws {
        var (network, keys) = try ChainFixtures.network(consensus: .raft, nodes: 2)
        let files = try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false)
        let text = String(decoding: files.staticNodes, as: UTF8.self)
        #expect(text.hasPrefix("[\n  \"enode://ac6b1096"))
        #expect(text.hasSuffix("@quorum-node2.org-a.svc.cluster.local:30303?discport=0&raftport=50401\"\n]\n"))
        #expect(files.permissionedNodes == files.staticNodes)
        network.addExternal(try ChainGoldenTests.externalNode5())
        #expect(throws: ValidationError(field: "Enode_Url", "'org-c-node1' has no raftport, which a raft network needs")) {
            try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false)
        }
        keys.removeAll()
    }
}
