import Foundation
import Testing
import QubeCore
import QubeCrypto

/// Tessera P2P over TLS between organisations (``TesseraTLS``): when it is on, the config each
/// Tessera line reads, the known-hosts file, and the exchange records that carry fingerprints.
@Suite struct TesseraTLSTests {
    /// One certificate per 7nodes key, made once for the suite (RSA key generation is slow).
    static let certificates = Result { () throws -> [TesseraTLSCertificate] in
        try ChainFixtures.sevenNodes.prefix(3).map { keys in
            let identity = try TesseraTLSIdentity.generate(
                commonName: TesseraTLS.commonName(nodeID: keys.nodeID), dnsNames: ["localhost"], ipAddresses: ["192.0.2.10"])
            return try TesseraTLSCertificate(certificatePEM: identity.certificatePEM)
        }
    }

    /// A NodePort network whose three nodes the script fixes at 192.0.2.10, with certificates,
    /// and an external node serving TLS.
    static func network(tessera: SemanticVersion) throws -> (Network, [String: NodeKeys]) {
        var network = try Network(
            NetworkSpec(name: "org-a", tesseraVersion: tessera, expose: Exposure(kind: .nodePort, nodeIP: "192.0.2.10")))
        var keys: [String: NodeKeys] = [:]
        for (index, certificate) in try certificates.get().enumerated() {
            try network.addNode(NodeSpec(name: "n\(index + 1)", p2pNodePort: 30301 + index, tesseraNodePort: 30401 + index))
            keys["n\(index + 1)"] = ChainFixtures.sevenNodes[index]
            keys["n\(index + 1)"]?.tesseraTLS = certificate
        }
        var external = try ChainGoldenTests.externalNode5()
        external.tesseraTLSFingerprint = String(repeating: "0f", count: 20)
        try network.addExternal(external)
        return (network, keys)
    }

    static func json(_ data: Data?) throws -> [String: Any] {
        let data = try #require(data)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: [
        ("0.10.5", "tessera-config-keys-0.10.5.txt"), ("0.10.6", "tessera-config-keys-0.10.6.txt"),
        ("20.10.0", "tessera-config-keys-20.10.x.txt"), ("21.7.1", "tessera-config-keys-21.7.x.txt"),
        ("24.4.2", "tessera-config-keys-24.4.x.txt"),
    ])
    func theTLSConfigWritesOnlyKeysTheLineKnows(_ version: String, _ list: String) throws {
        let known = try ChainFixtures.versionList(list)
        let (network, keys) = try Self.network(tessera: try #require(SemanticVersion(version)))
        #expect(network.usesTesseraTLS)
        let files = try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false)
        let paths = ChainTesseraTests.keyPaths(try Self.json(files.tesseraConfigs["n2"]))
        for key in [
            "serverConfigs[].sslConfig.tls", "serverConfigs[].sslConfig.serverTrustMode", "serverConfigs[].sslConfig.knownClientsFile",
            "serverConfigs[].sslConfig.clientTlsKeyPath", "features.enableRemoteKeyValidation",
        ] {
            #expect(paths.contains(key))
        }
        let unknown = paths.filter { !known.contains($0) }
        #expect(unknown.isEmpty, "not Tessera \(version) config keys: \(unknown)")
    }

    @Test func p2pServesTLSWithAWhitelistOfThePeersCertificates() throws {
        let (network, keys) = try Self.network(tessera: SemanticVersion(24, 4, 2))
        let files = try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false)
        let config = try Self.json(files.tesseraConfigs["n2"])
        let servers = try #require(config["serverConfigs"] as? [[String: Any]])
        // ThirdParty last: Tessera starts the servers in order, and geth's wait polls ThirdParty.
        #expect(servers.compactMap { $0["app"] as? String } == ["Q2T", "P2P", "ThirdParty"])
        let p2p = servers[1]
        #expect(p2p["serverAddress"] as? String == "https://192.0.2.10:30402")
        #expect(p2p["bindingAddress"] as? String == "https://0.0.0.0:9001")
        var ssl = try #require(p2p["sslConfig"] as? [String: Any])
        #expect(ssl.removeValue(forKey: "generateKeyStoreIfNotExisted") as? Bool == false)
        #expect(ssl as? [String: String] == [
            "tls": "STRICT",
            "serverTlsKeyPath": "/etc/quorum/keys/tm-tls.key", "serverTlsCertificatePath": "/etc/quorum/keys/tm-tls.crt",
            "clientTlsKeyPath": "/etc/quorum/keys/tm-tls.key", "clientTlsCertificatePath": "/etc/quorum/keys/tm-tls.crt",
            "serverTrustMode": "WHITELIST", "clientTrustMode": "WHITELIST",
            "knownClientsFile": "/etc/tessera-known-peers/known-peers", "knownServersFile": "/etc/tessera-known-peers/known-peers",
        ])
        #expect(config["useWhiteList"] as? Bool == false)
        #expect((config["features"] as? [String: Bool]) == ["enableRemoteKeyValidation": true])
        let peers = try #require(config["peer"] as? [[String: String]]).compactMap { $0["url"] }
        #expect(peers == [
            "https://n1.org-a.svc.cluster.local:9001", "https://n2.org-a.svc.cluster.local:9001", "https://n3.org-a.svc.cluster.local:9001",
            "https://tm1.org-c.example.com:9001",
        ])
        // AbstractTrustManager's format: "<CN> <thumbprint>" a line, local nodes then external ones.
        let certificates = try Self.certificates.get()
        let expected = certificates.map { "\($0.commonName) \($0.fingerprint)\n" }.joined()
            + "\(ChainFixtures.sevenNodes[4].nodeID.prefix(64)) \(String(repeating: "0f", count: 20))\n"
        #expect(files.tesseraKnownPeers == Data(expected.utf8))
        #expect(certificates[0].commonName == String(ChainFixtures.sevenNodes[0].nodeID.prefix(64)))
    }

    /// On by default only where every exposed node's address is fixed in the script; off for
    /// a network that exposes nothing, runs no Tessera, says `tesseraTls = false`, or whose
    /// cluster assigns an address (its certificate could not name it).
    @Test func tlsIsOnByDefaultForNodesExposedAtFixedAddresses() throws {
        func uses(_ spec: NetworkSpec, _ nodes: [NodeSpec]) throws -> Bool {
            var network = try Network(spec)
            for node in nodes { try network.addNode(node) }
            return network.usesTesseraTLS
        }
        let nodePort = Exposure(kind: .nodePort, nodeIP: "192.0.2.10")
        var balancer = Exposure(kind: .loadBalancer)
        balancer.loadBalancerIP = "203.0.113.10"
        let fixed = NodeSpec(name: "a", p2pNodePort: 30301, tesseraNodePort: 30401)
        #expect(try uses(NetworkSpec(name: "x", expose: nodePort), [fixed]))
        #expect(try uses(NetworkSpec(name: "x", expose: balancer), [NodeSpec(name: "a")]))
        #expect(try !uses(NetworkSpec(name: "x"), [NodeSpec(name: "a")]))
        #expect(try !uses(NetworkSpec(name: "x", expose: nodePort), [fixed, NodeSpec(name: "assigned")]))
        #expect(try !uses(NetworkSpec(name: "x", expose: Exposure(kind: .loadBalancer)), [NodeSpec(name: "a")]))
        #expect(try !uses(NetworkSpec(name: "x", expose: nodePort, tesseraTLS: false), [fixed]))
        #expect(try !uses(NetworkSpec(name: "x", tesseraVersion: nil, expose: nodePort), [fixed]))
        #expect(try uses(NetworkSpec(name: "x", tesseraTLS: true), [NodeSpec(name: "a")]))
        #expect(throws: ValidationError(field: "tesseraTls", "is for Tessera P2P, but network 'x' runs without Tessera (tessera = false)")) {
            try Network(NetworkSpec(name: "x", tesseraVersion: nil, tesseraTLS: true))
        }
    }

    @Test func renderRefusesWhatTLSCannotWorkWith() throws {
        var (network, keys) = try Self.network(tessera: SemanticVersion(24, 4, 2))
        var plain = try ChainGoldenTests.externalNode5()
        plain.name = "org-c-node2"
        try network.addExternal(plain)
        #expect(
            throws: ValidationError(
                "external node 'org-c-node2' serves Tessera P2P without TLS (its record has no Tm_Tls_Fingerprint), but network 'org-a' "
                    + "runs Tessera P2P over TLS and admits only certificates its peers' records name; ask its organisation for a record "
                    + "with Tm_Tls_Fingerprint, or set tesseraTls = false")
        ) { try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false) }

        (network, keys) = try Self.network(tessera: SemanticVersion(24, 4, 2))
        keys["n3"]?.tesseraTLS = nil
        #expect(
            throws: ValidationError(
                "node 'n3' has no Tessera TLS certificate (tm-tls.crt), which tesseraTls needs: call genKeys() before this; it makes the certificate once")
        ) { try ChainFiles(for: network, keys: keys, genesis: Data(), tesseraKeysLocked: false) }

        // The script moved the node to an address its certificate (192.0.2.10) does not name.
        var moved = try Network(NetworkSpec(name: "org-a", expose: Exposure(kind: .nodePort, nodeIP: "198.51.100.1")))
        try moved.addNode(NodeSpec(name: "n1", p2pNodePort: 30301, tesseraNodePort: 30401))
        (_, keys) = try Self.network(tessera: SemanticVersion(24, 4, 2))
        #expect(
            throws: ValidationError(
                "node 'n1' advertises its Tessera at 198.51.100.1, which its TLS certificate (tm-tls.crt) does not name, so peers would "
                    + "refuse it; fix the node's expose address to one the certificate names (localhost, 192.0.2.10), or remove tm-tls.key "
                    + "and tm-tls.crt and call genKeys() for a new one (its fingerprint changes: send the other organisations a new export)")
        ) { try ChainFiles(for: moved, keys: keys, genesis: Data(), tesseraKeysLocked: false) }

        var assigned = try Network(NetworkSpec(name: "org-a", expose: Exposure(kind: .loadBalancer), tesseraTLS: true))
        try assigned.addNode(NodeSpec(name: "lb"))
        #expect(
            throws: ValidationError(
                "node 'lb' is exposed at a Tessera address the cluster assigns, which its TLS certificate, made once now, cannot name; "
                    + "with tesseraTls = true, fix the address in the script (expose.nodeIp with tmNodePort, or expose.loadBalancerIP)")
        ) { try TesseraTLS.subjectNames(of: assigned.nodes[0], in: assigned) }
    }

    /// Records: `https://` and the fingerprint round-trip; qctl's scheme-less form still reads,
    /// no other scheme does; a fingerprint is untrusted text, checked strictly.
    @Test func exchangeRecordsCarryTheFingerprint() throws {
        let id = ChainFixtures.sevenNodes[0].nodeID
        let fingerprint = String(repeating: "a1", count: 20)
        func read(_ tmURL: String, _ extra: String = "") throws(InputFileError) -> ExternalNode {
            let text = """
                external_nodes:
                - Node_UserIdent: "n1"
                  Enode_Url: "enode://\(id)@1.2.3.4:30303?discport=0"
                  Tm_Url: "\(tmURL)"
                \(extra)
                """
            return try ExternalNodesFile.parse(Data(text.utf8), displayPath: "org-b.yaml")[0]
        }
        func failure(_ tmURL: String, _ extra: String = "") -> String {
            do {
                _ = try read(tmURL, extra)
                return "no error"
            } catch { return error.description }
        }
        let tls = try read("https://tm.example.com:9001", "  Tm_Tls_Fingerprint: \"\(fingerprint)\"")
        #expect(tls.tesseraEndpoint == HostPort(host: "tm.example.com", port: 9001))
        #expect(tls.tesseraTLSFingerprint == fingerprint)
        #expect(tls.tesseraURL == "https://tm.example.com:9001")
        let rendered = String(decoding: ExternalNodesFile.render([tls]), as: UTF8.self)
        #expect(rendered.contains("  Tm_Url: \"https://tm.example.com:9001\"\n  Tm_Tls_Fingerprint: \"\(fingerprint)\"\n"))
        #expect(try ExternalNodesFile.parse(Data(rendered.utf8), displayPath: "x") == [tls])

        #expect(try read("tm.example.com:9001").tesseraURL == "tm.example.com:9001")
        #expect(
            failure("http://tm.example.com:9001")
                == "org-b.yaml:4: external_nodes[0].Tm_Url: host in 'http://tm.example.com:9001' must be a DNS name or IPv4 address (no scheme, path or credentials)")
        #expect(
            failure("https://tm.example.com:9001", "  Tm_Tls_Fingerprint: \"\(fingerprint.uppercased())\"")
                == "org-b.yaml:5: external_nodes[0].Tm_Tls_Fingerprint: '\(fingerprint.uppercased())' is not a TLS certificate fingerprint: "
                + "expected the SHA-1 of the certificate, 40 lowercase hex digits")
        #expect(
            failure("https://tm.example.com:9001", "  Tm_Tls_Fingerprint: \"\(fingerprint.dropLast())\"")
                == "org-b.yaml:5: external_nodes[0].Tm_Tls_Fingerprint: '\(fingerprint.dropLast())' is not a TLS certificate fingerprint: "
                + "expected the SHA-1 of the certificate, 40 lowercase hex digits")
        #expect(
            failure("tm.example.com:9001", "  Tm_Tls_Fingerprint: \"\(fingerprint)\"")
                == "org-b.yaml:5: external_nodes[0].Tm_Tls_Fingerprint: is for a Tessera served over TLS, but Tm_Url is not an https:// URL")
    }
}
