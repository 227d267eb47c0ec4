import Foundation
import QubeCore
import QubeKube

/// A cluster played by Tests/Fixtures/kubectl/fake-kubectl: a scenario directory it answers
/// from and a record of every call, reached through `QUBE_KUBECTL` like a real kubectl.
final class FakeCluster: @unchecked Sendable {
    let root: URL
    let kubectl: Kubectl
    private let lock = NSLock()
    private var lines: [String] = []

    static let fakeKubectl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kubectl/fake-kubectl")

    init(contexts: [String] = ["kind-a", "kind-b"]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("qube-kube-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("scenario"), withIntermediateDirectories: true)
        let wrapper = root.appendingPathComponent("kubectl")
        try """
            #!/bin/sh
            FAKE_KUBECTL_SCENARIO='\(root.path)/scenario' FAKE_KUBECTL_RECORD='\(root.path)/record' exec '\(Self.fakeKubectl.path)' "$@"

            """.write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        kubectl = try Kubectl.locate(environment: ["QUBE_KUBECTL": wrapper.path, "PATH": "/nonexistent"])
        write("contexts", contexts.map { $0 + "\n" }.joined())
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes a scenario file (`unreachable`, `diff`, `objects/service/x.json`, ...).
    func write(_ path: String, _ text: String) {
        let url = root.appendingPathComponent("scenario").appendingPathComponent(path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Puts an object into the fake cluster.
    func add(_ object: [String: Any]) {
        let kind = (object["kind"] as! String).lowercased()
        let name = (object["metadata"] as! [String: Any])["name"] as! String
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        write(kind == "node" ? "nodes/\(name).json" : "objects/\(kind)/\(name).json", String(decoding: data, as: UTF8.self))
    }

    /// Every kubectl call so far, as argv without the program name.
    var calls: [[String]] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("record/calls.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { try! JSONDecoder().decode([String].self, from: Data($0.utf8)) }
    }

    /// Each change the cluster made to an object in `persist` mode, in order.
    var changes: [FakeChange] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("record/changes.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { try! JSONDecoder().decode(FakeChange.self, from: Data($0.utf8)) }
    }

    /// What the `number`th call (1-based) read on stdin.
    func stdin(ofCall number: Int) -> String? {
        try? String(contentsOf: root.appendingPathComponent("record/stdin-\(number).yaml"), encoding: .utf8)
    }

    /// A cluster session for `network` whose log lines this fake keeps: by default every line,
    /// each node's step included (`--verbose`), as these tests follow the steps.
    func session(_ network: Network, verbosity: Verbosity = .verbose) -> NetworkCluster {
        var session = NetworkCluster(network: network, client: kubectl) { [self] line in lock.withLock { lines.append(line) } }
        session.verbosity = verbosity
        return session
    }

    /// The progress lines logged so far.
    var log: [String] { lock.withLock { lines } }
}

/// One change the fake cluster made to an object (`changes.jsonl`).
struct FakeChange: Decodable, Equatable {
    var kind: String
    var name: String
    var created: Bool?
    var specChanged: Bool?
    /// A StatefulSet whose pod template changed: its pods restart.
    var rolled: Bool?
    var deleted: Bool?
}

/// Objects shaped like a real API server's answers.
enum APIObjects {
    static func labels(_ network: String) -> [String: String] {
        ["app.kubernetes.io/part-of": network, "app.kubernetes.io/managed-by": "qube", "app.kubernetes.io/name": "quorum"]
    }

    static func metadata(_ name: String, namespace: String? = "org-a", labels: [String: String]) -> [String: Any] {
        var metadata: [String: Any] = [
            "name": name, "labels": labels, "resourceVersion": "4711", "uid": "0c9a3b4e-1f0e-4c55-9a34-2b6f0d1e5a77",
            "creationTimestamp": "2024-05-01T10:00:00Z", "generation": 2,
        ]
        if let namespace { metadata["namespace"] = namespace }
        return metadata
    }

    static func object(_ kind: String, _ name: String, network: String = "org-a", apiVersion: String = "v1") -> [String: Any] {
        ["apiVersion": apiVersion, "kind": kind, "metadata": metadata(name, labels: labels(network))]
    }

    /// A Service with named ports `(name, port, nodePort)`.
    static func service(
        _ name: String, type: String, ports: [(String, Int, Int?)], ingress: [[String: String]]? = nil, network: String = "org-a"
    ) -> [String: Any] {
        let portList: [[String: Any]] = ports.map { name, port, nodePort in
            var entry: [String: Any] = ["name": name, "port": port, "protocol": "TCP", "targetPort": port]
            if let nodePort { entry["nodePort"] = nodePort }
            return entry
        }
        return [
            "apiVersion": "v1", "kind": "Service", "metadata": metadata(name, labels: labels(network)),
            "spec": [
                "clusterIP": "10.96.14.7", "clusterIPs": ["10.96.14.7"], "externalTrafficPolicy": "Cluster",
                "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": portList, "selector": ["app.kubernetes.io/instance": String(name.dropLast("-external".count))],
                "sessionAffinity": "None", "type": type,
            ] as [String: Any],
            "status": ["loadBalancer": ingress.map { ["ingress": $0] } ?? [:]],
        ]
    }

    static func node(_ name: String, addresses: [(String, String)]) -> [String: Any] {
        [
            "apiVersion": "v1", "kind": "Node", "metadata": metadata(name, namespace: nil, labels: ["kubernetes.io/hostname": name]),
            "spec": ["podCIDR": "10.244.0.0/24"],
            "status": ["addresses": addresses.map { ["type": $0.0, "address": $0.1] }],
        ]
    }

    static func statefulSet(_ name: String, ready: Int, updated: Int, current: String, update: String) -> [String: Any] {
        var object = Self.object("StatefulSet", name, apiVersion: "apps/v1")
        object["spec"] = ["replicas": 1, "serviceName": name]
        object["status"] = [
            "observedGeneration": 2, "replicas": 1, "readyReplicas": ready, "updatedReplicas": updated, "currentReplicas": 1,
            "currentRevision": current, "updateRevision": update, "collisionCount": 0, "availableReplicas": ready,
        ]
        return object
    }

    static func inventory(_ network: String, objects: [String]) -> [String: Any] {
        var object = Self.object("ConfigMap", "\(network)-qube-inventory", network: network)
        object["data"] = ["objects": objects.map { $0 + "\n" }.joined()]
        return object
    }
}
