import Foundation
import Testing
import Yams

/// Every example, rendered as a user runs it, gets NetworkPolicies that admit exactly the
/// intended peers, checked by evaluating the rendered policy objects (not their text) the way
/// Kubernetes reads them; and no example signs with an unlocked account.
@Suite struct NetworkPolicyTests {
    /// The examples and the scripts each runs in order (as scripts/checks/60-examples.sh runs them).
    static let examples: [[String]] = [
        ["quickstart.lua"], ["two-orgs.lua"], ["org-a.lua", "org-b.lua", "org-a.lua"], ["namespaces.lua"], ["qbft-current.lua"], ["raft.lua"],
    ]

    @Test(arguments: examples)
    func policiesAdmitExactlyTheIntendedPeers(scripts: [String]) throws {
        let qube = try QubeProcess()
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples")
        for script in Set(scripts) { try qube.write(script, String(contentsOf: directory.appendingPathComponent(script), encoding: .utf8)) }
        for script in scripts {
            let result = try qube.run(["run", "-q", "--dry-run", script])
            try #require(result.status == 0, "\(script): \(result.standardError)")
        }
        let trees = try FileManager.default.contentsOfDirectory(atPath: qube.directory.appendingPathComponent("out").path).filter { !$0.hasPrefix(".") }.sorted()
        try #require(!trees.isEmpty)
        for tree in trees {
            let k8s = qube.directory.appendingPathComponent("out/\(tree)/k8s")
            let policies = try Self.objects(in: k8s.appendingPathComponent("networkpolicies.yaml"))
            // With monitoring, Prometheus scrapes Tessera's /metrics on its third-party port.
            let monitored = FileManager.default.fileExists(atPath: k8s.appendingPathComponent("monitoring.yaml").path)
            let nodes = try FileManager.default.contentsOfDirectory(atPath: k8s.appendingPathComponent("nodes").path).sorted()
            #expect(policies.count == nodes.count, "\(tree): one policy per node")
            for file in nodes {
                let objects = try Self.objects(in: k8s.appendingPathComponent("nodes/\(file)"))
                let pod = try #require(objects.first { $0["kind"] as? String == "StatefulSet" }).template
                let exposed = objects.contains { ($0["kind"] as? String) == "Service" && (($0["spec"] as? [String: Any])?["type"] as? String) != "ClusterIP" }
                let ports = Set(pod.containerPorts)
                let namespace = pod.namespace
                let partOf = pod.labels["app.kubernetes.io/part-of"]!
                let selecting = policies.filter { Self.matches($0.podSelector, pod.labels) && $0.namespace == namespace }
                #expect(selecting.count == 1, "\(tree)/\(file): exactly one policy selects the pod")

                let sibling = Peer(namespace: namespace, namespaceLabels: ["kubernetes.io/metadata.name": namespace], labels: [
                    "app.kubernetes.io/name": "goquorum", "app.kubernetes.io/part-of": partOf, "app.kubernetes.io/managed-by": "qube",
                    "app.kubernetes.io/instance": "another-node",
                ], isInCluster: true)
                let sameNamespaceStranger = Peer(namespace: namespace, namespaceLabels: sibling.namespaceLabels, labels: ["app": "other"], isInCluster: true)
                let otherNamespace = Peer(namespace: "elsewhere", namespaceLabels: ["kubernetes.io/metadata.name": "elsewhere"], labels: sibling.labels, isInCluster: true)
                let prometheus = Self.prometheus
                let internet = Peer(namespace: nil, namespaceLabels: [:], labels: [:], isInCluster: false)

                let peering = Set([30303, 50401, 9001]).intersection(ports)
                let rpc = Set([8545, 8546, 9080]).intersection(ports)
                #expect(!rpc.isEmpty && ports.contains(9545))
                for port in ports {
                    let admitted = { (peer: Peer) in selecting.contains { $0.admits(peer, on: port) } }
                    if peering.contains(port) {
                        #expect(admitted(sibling) && admitted(otherNamespace) && admitted(sameNamespaceStranger), "\(tree)/\(file): \(port) open in the cluster")
                        #expect(admitted(internet) == exposed, "\(tree)/\(file): \(port) open to the world only when exposed")
                    } else if rpc.contains(port) {
                        #expect(admitted(sibling), "\(tree)/\(file): the network's pods reach \(port)")
                        #expect(admitted(prometheus) == (monitored && port == 9080), "\(tree)/\(file): Prometheus reaches \(port) only to scrape Tessera")
                        for stranger in [sameNamespaceStranger, otherNamespace, internet] {
                            #expect(!admitted(stranger), "\(tree)/\(file): \(port) refuses \(stranger)")
                        }
                    } else if port == 9545 {
                        #expect(admitted(sibling) && admitted(prometheus), "\(tree)/\(file): metrics scraped by Prometheus")
                        for stranger in [sameNamespaceStranger, otherNamespace, internet] { #expect(!admitted(stranger), "\(tree)/\(file): metrics refuse \(stranger)") }
                    } else {
                        Issue.record("\(tree)/\(file): port \(port) has no intended audience")
                    }
                }
                // A port the pod does not declare is admitted to nobody.
                #expect(!selecting.contains { $0.admits(sibling, on: 6060) || $0.admits(internet, on: 6060) })
                #expect(!pod.command.contains("--unlock") || pod.command.contains("--miner.etherbase"), "\(tree)/\(file): only clique signers unlock")
            }
        }
    }

    @Test func rpcFromAdmitsExactlyTheNamedPods() throws {
        let policy = try Self.policyOfOneNode(network: "gw", options: "tessera = false, rpcFrom = { namespaceSelector = { team = \"dapps\" }, podSelector = { app = \"gateway\" } }")
        let gateway = Peer(namespace: "apps", namespaceLabels: ["team": "dapps"], labels: ["app": "gateway"], isInCluster: true)
        #expect(policy.admits(gateway, on: 8545) && policy.admits(gateway, on: 8546))
        #expect(!policy.admits(Peer(namespace: "apps", namespaceLabels: ["team": "dapps"], labels: ["app": "other"], isInCluster: true), on: 8545))
        #expect(!policy.admits(Peer(namespace: "gw", namespaceLabels: [:], labels: ["app": "gateway"], isInCluster: true), on: 8545))
        #expect(!policy.admits(gateway, on: 9545))
    }

    /// Tessera serves its metrics on the third-party port only: with monitoring, `metricsFrom`
    /// reaches that port and geth's metrics, and still not RPC; without, not the third-party port.
    @Test(arguments: [true, false])
    func monitoringAdmitsPrometheusToTesseraMetrics(monitoring: Bool) throws {
        let policy = try Self.policyOfOneNode(network: "mon", options: "monitoring = \(monitoring)")
        let prometheus = Self.prometheus
        #expect(policy.admits(prometheus, on: 9545))
        #expect(policy.admits(prometheus, on: 9080) == monitoring)
        #expect(!policy.admits(prometheus, on: 8545) && !policy.admits(prometheus, on: 8546))
    }

    @Test func anEmptyRpcFromIsRefusedAtItsLine() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript(
            """
            local net = network {
                name = "gw",
                rpcFrom = {},
            }
            """)
        #expect(result.status != 0)
        #expect(result.standardError.contains("topology.lua:1: network: rpcFrom: needs namespaceSelector, podSelector or both"), "\(result.standardError)")
        let bad = try qube.runScript(
            """
            local net = network { name = "gw",
              rpcFrom = { podSelector = { app = "-bad" } } }
            """)
        #expect(bad.standardError.contains("topology.lua:1: network: rpcFrom.podSelector['app']: '-bad' is not a valid label value"), "\(bad.standardError)")
    }

    @Test func rpcFromWithoutPoliciesIsRefused() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript(
            """
            local net = network { name = "gw", networkPolicy = false, rpcFrom = { podSelector = { app = "gateway" } } }
            """)
        #expect(result.status != 0)
        #expect(
            result.standardError.contains(
                "topology.lua:1: network: rpcFrom: admits pods through the nodes' NetworkPolicies, which networkPolicy = false turns off"),
            "\(result.standardError)")
        let off = try qube.runScript(
            """
            local net = network { name = "open", networkPolicy = false, tessera = false }
            net:addNode { name = "n1" }
            net:genKeys { kdf = "light" }
            net:render()
            """)
        try #require(off.status == 0, "\(off.standardError)")
        #expect(qube.read("out/open/k8s/networkpolicies.yaml") == nil)
        #expect(!String(decoding: qube.read("out/open/k8s/kustomization.yaml") ?? Data(), as: UTF8.self).contains("networkpolicies"))
    }

    @Test func onlyCliqueAndUnlockAccountUnlock() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript(
            """
            local ibft = network { name = "ibft", tessera = false }
            ibft:addNode { name = "locked" }
            ibft:addNode { name = "asked", unlockAccount = true }
            ibft:genKeys { kdf = "light" }
            ibft:render()
            local clique = network { name = "clique", consensus = "clique", tessera = false, namespace = "clique" }
            clique:addNode { name = "signer" }
            clique:genKeys { kdf = "light" }
            clique:render()
            """)
        try #require(result.status == 0, "\(result.standardError)")
        func unlocks(_ path: String) throws -> Bool {
            let objects = try Self.objects(in: qube.directory.appendingPathComponent(path))
            let command = try #require(objects.first { $0["kind"] as? String == "StatefulSet" }).template.command
            let unlock = command.contains("--unlock")
            #expect(unlock == command.contains("--allow-insecure-unlock"), "\(path): --unlock goes with --allow-insecure-unlock")
            return unlock
        }
        #expect(try !unlocks("out/ibft/k8s/nodes/locked.yaml"))
        #expect(try unlocks("out/ibft/k8s/nodes/asked.yaml"))
        #expect(try unlocks("out/clique/k8s/nodes/signer.yaml"))
    }

    @Test func cliqueRefusesALockedAccountAtTheNodeLine() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript(
            """
            local net = network { name = "c", consensus = "clique", tessera = false }
            net:addNode { name = "n1" }
            net:addNode { name = "n2", unlockAccount = false }
            """)
        #expect(result.status != 0)
        #expect(result.standardError.contains("topology.lua:3: addNode: unlockAccount: must stay true in a clique network"), "\(result.standardError)")
    }

    // MARK: - The evaluator

    /// A source of traffic: a pod (namespace and labels, with its namespace's labels) or an
    /// address outside the cluster.
    struct Peer: CustomStringConvertible {
        var namespace: String?
        var namespaceLabels: [String: String]
        var labels: [String: String]
        var isInCluster: Bool
        var description: String { isInCluster ? "pod \(labels) in \(namespace ?? "?")" : "an outside address" }
    }

    /// `selector` (a LabelSelector with matchLabels only, as qube writes them) matches `labels`.
    static func matches(_ selector: [String: Any]?, _ labels: [String: String]) -> Bool {
        guard let selector else { return false }
        #expect(Set(selector.keys).isSubset(of: ["matchLabels"]), "selector \(selector) uses more than matchLabels")
        let match = selector["matchLabels"] as? [String: String] ?? [:]
        return match.allSatisfy { labels[$0.key] == $0.value }
    }

    /// A Prometheus pod as kube-prometheus-stack labels it, in its own namespace.
    static let prometheus = Peer(
        namespace: "monitoring", namespaceLabels: ["kubernetes.io/metadata.name": "monitoring"], labels: ["app.kubernetes.io/name": "prometheus"],
        isInCluster: true)

    /// The rendered NetworkPolicy of node `n1`, the one node of network `name` declared with `options`.
    static func policyOfOneNode(network name: String, options: String) throws -> [String: Any] {
        let qube = try QubeProcess()
        let result = try qube.runScript(
            """
            local net = network { name = "\(name)", \(options) }
            net:addNode { name = "n1" }
            net:genKeys { kdf = "light" }
            net:render()
            """)
        try #require(result.status == 0, "\(result.standardError)")
        return try #require(try objects(in: qube.directory.appendingPathComponent("out/\(name)/k8s/networkpolicies.yaml")).first)
    }

    static func objects(in url: URL) throws -> [[String: Any]] {
        try Yams.load_all(yaml: String(contentsOf: url, encoding: .utf8)).compactMap { $0 as? [String: Any] }
    }
}

extension Dictionary where Key == String, Value == Any {
    var namespace: String? { (self["metadata"] as? [String: Any])?["namespace"] as? String }
    var podSelector: [String: Any]? { (self["spec"] as? [String: Any])?["podSelector"] as? [String: Any] }

    /// The pod template of a StatefulSet, with its object's namespace.
    var template: (namespace: String, labels: [String: String], containerPorts: [Int], command: [String]) {
        let spec = self["spec"] as? [String: Any]
        let template = spec?["template"] as? [String: Any]
        let labels = (template?["metadata"] as? [String: Any])?["labels"] as? [String: String] ?? [:]
        let containers = (template?["spec"] as? [String: Any])?["containers"] as? [[String: Any]] ?? []
        let ports = containers.flatMap { ($0["ports"] as? [[String: Any]] ?? []).compactMap { $0["containerPort"] as? Int } }
        let command = containers.flatMap { ($0["command"] as? [String] ?? []) + ($0["args"] as? [String] ?? []) }
        return (namespace ?? "", labels, ports, command.flatMap { $0.split(separator: " ").map(String.init) })
    }

    /// Whether this NetworkPolicy admits `peer` to TCP `port`, as Kubernetes reads it: the
    /// policy lists Ingress; a rule admits when one of its ports is `port` (no ports: every port)
    /// and its `from` is absent or holds a peer that selects the source. A peer with only
    /// podSelector means the policy's namespace; with namespaceSelector, the namespaces it
    /// matches; both, pods matching both. Outside addresses match no selector.
    func admits(_ peer: NetworkPolicyTests.Peer, on port: Int) -> Bool {
        let spec = self["spec"] as? [String: Any] ?? [:]
        guard (spec["policyTypes"] as? [String])?.contains("Ingress") == true else { return true }
        #expect(spec.keys.allSatisfy { ["podSelector", "policyTypes", "ingress"].contains($0) }, "unexpected policy keys \(spec.keys)")
        for rule in spec["ingress"] as? [[String: Any]] ?? [] {
            let ports = (rule["ports"] as? [[String: Any]])?.map { ($0["protocol"] as? String ?? "TCP", $0["port"] as? Int) }
            guard ports == nil || ports!.contains(where: { $0.0 == "TCP" && $0.1 == port }) else { continue }
            guard let from = rule["from"] as? [[String: Any]] else { return true }
            for source in from where peer.isInCluster {
                #expect(Set(source.keys).isSubset(of: ["namespaceSelector", "podSelector"]), "ipBlock or unknown peer \(source)")
                let namespaceSelector = source["namespaceSelector"] as? [String: Any]
                let inNamespace =
                    namespaceSelector.map { NetworkPolicyTests.matches($0, peer.namespaceLabels) } ?? (peer.namespace == namespace)
                let podSelector = source["podSelector"] as? [String: Any]
                if inNamespace && (podSelector.map { NetworkPolicyTests.matches($0, peer.labels) } ?? true) { return true }
            }
        }
        return false
    }
}
