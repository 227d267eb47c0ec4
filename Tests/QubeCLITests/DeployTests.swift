import Foundation
import Testing

/// deploy, destroy and exportExternal from a script, against the fake kubectl.
@Suite struct DeployTests {
    static let fakeKubectl = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/kubectl/fake-kubectl").standardizedFileURL.path

    /// Runs `source` with the fake kubectl answering from a scenario with one context `kind-a`,
    /// and returns the result and the recorded argv of every kubectl call.
    private func run(_ source: String, options: [String] = [], quiet: Bool = true) throws -> (QubeProcess.Result, [[String]], QubeProcess) {
        let qube = try QubeProcess()
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("record/.keep", "")
        try qube.write("topology.lua", source)
        let result = try qube.run(
            ["run"] + (quiet ? ["-q"] : []) + options + ["topology.lua"],
            environment: [
                "QUBE_KUBECTL": Self.fakeKubectl,
                "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
            ])
        let calls = String(decoding: qube.read("record/calls.jsonl") ?? Data(), as: UTF8.self)
            .split(separator: "\n")
            .map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
            .compactMap { $0 }
        return (result, calls, qube)
    }

    private let network = """
        local net = network { name = "org-a", context = "kind-a" }
        net:addNode { name = "n1" }
        net:genKeys { kdf = "light" }

        """

    @Test func deployWithoutRenderAppliesTheCurrentModel() throws {
        let (result, calls, qube) = try run(network + "net:deploy()\n")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(qube.read("out/org-a/k8s/nodes/n1.yaml") != nil)
        let apply = try #require(calls.first { $0.first == "apply" })
        #expect(apply == ["apply", "--context=kind-a", "--namespace=org-a", "--server-side", "--field-manager=qube", "-o", "json", "-f", "-"])
    }

    /// What a reviewer reads in `out/` is what kubectl applies: the apply's stdin is the bytes of
    /// the files kustomization.yaml lists, in its order, then the inventory ConfigMap. The
    /// annotation is long, spaced and not ASCII, which a YAML re-emitter would fold or escape.
    @Test func deployAppliesTheBytesRenderWrote() throws {
        let (result, calls, qube) = try run("""
            local net = network {
              name = "org-a", context = "kind-a",
              expose = { type = "NodePort", annotations = { ["example.com/note"] = "équipe réseau: a note long enough to pass the eighty columns a re-emitter folds at" } },
            }
            net:addNode { name = "n1" }
            net:addNode { name = "n2" }
            net:genKeys { kdf = "light" }
            net:render()
            net:deploy()

            """)
        #expect(result.status == 0, "\(result.standardError)")
        let apply = try #require(calls.firstIndex { $0.first == "apply" })
        let stdin = try #require(qube.read("record/stdin-\(apply + 1).yaml"))
        let kustomization = String(decoding: try #require(qube.read("out/org-a/k8s/kustomization.yaml")), as: UTF8.self)
        let resources = kustomization.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
        #expect(resources == ["namespace.yaml", "configmaps.yaml", "secrets.yaml", "disruption-budget.yaml", "networkpolicies.yaml", "nodes/n1.yaml", "nodes/n2.yaml"])
        var rendered = Data()
        for resource in resources { rendered += try #require(qube.read("out/org-a/k8s/\(resource)")) }
        #expect(rendered.range(of: Data("équipe réseau: a note long enough".utf8)) != nil)
        #expect(stdin.prefix(rendered.count) == rendered)
        #expect(String(decoding: stdin.dropFirst(rendered.count), as: UTF8.self).hasPrefix("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: org-a-qube-inventory\n"))
    }

    @Test func dryRunAppliesNothing() throws {
        let (result, calls, _) = try run(network + "net:deploy()\nnet:destroy()\n", options: ["--dry-run"], quiet: false)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!calls.contains { $0.first == "apply" })
        #expect(calls.contains { $0.first == "diff" })
        // destroy asks the API server what it would delete, and deletes nothing.
        let deletes = calls.filter { $0.first == "delete" }
        #expect(!deletes.isEmpty && deletes.allSatisfy { $0.last == "--dry-run=server" })
        #expect(result.standardError.contains("dry run: destroy would delete from context 'kind-a', namespace 'org-a':"))
    }

    @Test func unknownContextIsRefusedAtTheDeployLine() throws {
        let (result, calls, _) = try run(network.replacingOccurrences(of: "kind-a", with: "kind-b") + "net:deploy()\n")
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("topology.lua:4: "))
        #expect(result.standardError.contains("kind-b"))
        #expect(!calls.contains { $0.first == "apply" })
    }

    @Test func fixedNodePortsExportWithoutTheCluster() throws {
        let (result, calls, qube) = try run("""
            local net = network { name = "org-a", context = "kind-a", expose = { type = "NodePort", nodeIp = "203.0.113.7" } }
            net:addNode { name = "n1", nodePort = 30301, tmNodePort = 30401 }
            net:genKeys { kdf = "light" }
            writeExternal("org-a.external.yaml", net:exportExternal())
            print(net:exportExternal()[1].Enode_Url == "enode://" .. net:nodes()[1].nodeId .. "@203.0.113.7:30301?discport=0&raftport=50401")
            """)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "true\n")
        #expect(!calls.contains { $0.first == "get" })
        let exported = String(decoding: try #require(qube.read("org-a.external.yaml")), as: UTF8.self)
        #expect(exported.hasPrefix("external_nodes:\n"))
        // Exposed at fixed addresses, the node's Tessera serves P2P over TLS (docs/security.md).
        #expect(exported.contains("Tm_Url: \"https://203.0.113.7:30401\"\n  Tm_Tls_Fingerprint: \""))
    }
}
