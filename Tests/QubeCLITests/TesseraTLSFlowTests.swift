import Foundation
import Testing

/// Tessera P2P over TLS as a script uses it: genKeys makes each node's certificate once (0600,
/// kept across runs), render ships it in the Secret only, and what TLS cannot work with is an
/// error at the script line.
@Suite struct TesseraTLSFlowTests {
    static let script = """
        local a = network { name = "org-a", tessera = "24.4.2", expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
        a:addNode { name = "n1", nodePort = 30301, tmNodePort = 30401 }
        a:genKeys { kdf = "light" }
        a:render()
        writeExternal("org-a.external.yaml", a:exportExternal())

        """

    @Test func genKeysMakesTheCertificateOnceAndRenderShipsItInTheSecretOnly() throws {
        let qube = try QubeProcess()
        let first = try qube.runScript(Self.script)
        try #require(first.status == 0, "\(first.standardError)")
        let certificate = try #require(qube.read("keys/org-a/n1/tm-tls.crt"))
        let key = try #require(qube.read("keys/org-a/n1/tm-tls.key"))
        for file in ["tm-tls.crt", "tm-tls.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: qube.directory.appendingPathComponent("keys/org-a/n1/\(file)").path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
        let keyText = String(decoding: key, as: UTF8.self)
        let keyLine = try #require(keyText.split(separator: "\n").dropFirst(10).first)
        let secrets = String(decoding: try #require(qube.read("out/org-a/k8s/secrets.yaml")), as: UTF8.self)
        #expect(secrets.contains("tm-tls.key: ") && secrets.contains("tm-tls.crt: "))
        let configMaps = String(decoding: try #require(qube.read("out/org-a/k8s/configmaps.yaml")), as: UTF8.self)
        #expect(!configMaps.contains(String(keyLine)) && !configMaps.contains("tm-tls.key:"))
        #expect(configMaps.contains("name: org-a-tessera-known-peers\n") && configMaps.contains("  known-peers: "))
        #expect(!configMaps.contains("n1.known-peers"))
        #expect(qube.read("out/org-a/tessera/known-peers") != nil)
        let node = String(decoding: try #require(qube.read("out/org-a/k8s/nodes/n1.yaml")), as: UTF8.self)
        #expect(node.contains("- name: tessera-known-peers\n          mountPath: /etc/tessera-known-peers\n"))
        #expect(node.contains("configMap:\n          name: org-a-tessera-known-peers\n          items:\n          - key: known-peers\n"))
        #expect(!first.standardOutput.contains(String(keyLine)) && !first.standardError.contains(String(keyLine)))
        let exported = String(decoding: try #require(qube.read("org-a.external.yaml")), as: UTF8.self)
        #expect(exported.contains("  Tm_Url: \"https://192.0.2.10:30401\"\n  Tm_Tls_Fingerprint: \""))

        // A second run keeps the pair and renders the same bytes.
        let tree = try #require(qube.read("out/org-a/k8s/configmaps.yaml"))
        let second = try qube.runScript(Self.script)
        try #require(second.status == 0, "\(second.standardError)")
        #expect(qube.read("keys/org-a/n1/tm-tls.crt") == certificate)
        #expect(qube.read("keys/org-a/n1/tm-tls.key") == key)
        #expect(qube.read("out/org-a/k8s/configmaps.yaml") == tree)
    }

    @Test func whatTLSCannotWorkWithIsAnErrorAtTheScriptLine() throws {
        let qube = try QubeProcess()
        try #require(try qube.runScript(Self.script).status == 0)
        try qube.write("keys/org-a/n1/tm-tls.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        let corrupt = try qube.runScript(Self.script)
        #expect(corrupt.status != 0)
        #expect(corrupt.standardError.hasPrefix("topology.lua:3: "), "\(corrupt.standardError)")
        #expect(corrupt.standardError.contains("keys/org-a/n1/tm-tls.crt: is not a PEM X.509 certificate"), "\(corrupt.standardError)")

        let assigned = try QubeProcess().runScript(
            """
            local a = network { name = "org-a", tesseraTls = true, expose = { type = "LoadBalancer" } }
            a:addNode { name = "lb" }
            a:genKeys { kdf = "light" }

            """)
        #expect(assigned.status != 0)
        #expect(
            assigned.standardError.hasPrefix(
                "topology.lua:3: node 'lb' (topology.lua:2) is exposed at a Tessera address the cluster assigns, which its TLS certificate, "
                    + "made once now, cannot name"), "\(assigned.standardError)")

        let noTessera = try QubeProcess().runScript("local a = network { name = \"org-a\", tessera = false, tesseraTls = true }\n")
        #expect(noTessera.status != 0)
        #expect(
            noTessera.standardError.hasPrefix("topology.lua:1: network: tesseraTls: is for Tessera P2P, but network 'org-a' runs without Tessera"),
            "\(noTessera.standardError)")
    }

    /// The rendered tree's files and their bytes, by path below `out/<network>`.
    static func tree(_ qube: QubeProcess, _ network: String) throws -> [String: Data] {
        let root = qube.directory.appendingPathComponent("out/\(network)")
        let paths = try #require(FileManager.default.subpathsOfDirectory(atPath: root.path) as [String]?)
        var files: [String: Data] = [:]
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[path] = qube.read("out/\(network)/\(path)")
        }
        return files
    }

    /// Another organisation's TLS node changes the peer lists, the Tessera configs' peers and the
    /// known-peers file, and no StatefulSet: each tessera container restarts itself when the
    /// mounted file changes (TesseraTrustReload), so no pod rolls; re-runs converge.
    @Test func aForeignTLSNodeChangesTheTrustAndRollsNoPod() throws {
        let enode = "enode://\(String(repeating: "ab", count: 64))@198.51.100.7:30303?discport=0"
        func script(_ external: String) -> String {
            """
            local a = network { name = "org-a", tessera = "24.4.2", expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
            a:addNode { name = "n1", nodePort = 30301, tmNodePort = 30401 }
            a:addNode { name = "n2", nodePort = 30302, tmNodePort = 30402 }
            \(external)
            a:genKeys { kdf = "light" }
            a:render()

            """
        }
        let qube = try QubeProcess()
        func render(_ external: String) throws -> [String: Data] {
            let result = try qube.runScript(script(external))
            try #require(result.status == 0, "\(result.standardError)")
            return try Self.tree(qube, "org-a")
        }
        func changed(_ before: [String: Data], _ after: [String: Data]) -> [String] {
            Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        }

        let alone = try render("")
        let withoutTessera = try render("a:addExternal { Node_UserIdent = \"b1\", Enode_Url = \"\(enode)\" }")
        #expect(changed(alone, withoutTessera) == ["k8s/configmaps.yaml", "permissioned-nodes.json", "static-nodes.json"])

        let fingerprint = String(repeating: "0f", count: 20)
        let external = "a:addExternal { Node_UserIdent = \"b1\", Enode_Url = \"\(enode)\", Tm_Url = \"https://198.51.100.7:30401\", Tm_Tls_Fingerprint = \"\(fingerprint)\" }"
        let trusting = try render(external)
        #expect(
            changed(withoutTessera, trusting) == [
                "k8s/configmaps.yaml", "tessera/known-peers", "tessera/n1.json", "tessera/n2.json",
            ])
        let knownPeers = String(decoding: trusting["tessera/known-peers"] ?? Data(), as: UTF8.self)
        #expect(knownPeers.hasSuffix("\(String(repeating: "ab", count: 32)) \(fingerprint)\n"))

        #expect(changed(trusting, try render(external)).isEmpty, "a re-run changes nothing")
        // Their node without Tessera again: the trust goes, and the tree is as it was.
        let removed = try render("a:addExternal { Node_UserIdent = \"b1\", Enode_Url = \"\(enode)\" }")
        #expect(changed(withoutTessera, removed).isEmpty)
    }
}
