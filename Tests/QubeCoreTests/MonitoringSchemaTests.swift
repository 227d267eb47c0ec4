import Foundation
import QubeCore
import Testing
import Yams

/// With `monitoring = true` the ServiceMonitors (geth's, and Tessera's) validate against the
/// published Prometheus Operator CRD (v0.93.0, read from the workspace's shared/schemas, never
/// copied into the project) and the dashboard ConfigMap holds a Grafana dashboard per node fact.
@Suite struct MonitoringSchemaTests {
    /// `shared/schemas/prometheus-operator-v0.93.0`, in the nearest ancestor of the repository holding it.
    static let schemas: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        while directory.path != "/" {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("shared/schemas/prometheus-operator-v0.93.0")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static func monitored() throws -> RenderInput {
        var input = try RenderFixtures.seed()
        input.spec.monitoring = true
        return input
    }

    @Test(.enabled(if: schemas != nil, "needs shared/schemas/prometheus-operator-v0.93.0 beside the repository"))
    func serviceMonitorValidatesAgainstTheCRD() throws {
        let crd = try #require(
            try Yams.load(yaml: String(contentsOf: Self.schemas!.appendingPathComponent("monitoring.coreos.com_servicemonitors.yaml"), encoding: .utf8))
                as? [String: Any])
        let versions = try #require((crd["spec"] as? [String: Any])?["versions"] as? [[String: Any]])
        let v1 = try #require(versions.first { $0["name"] as? String == "v1" })
        let schema = try #require((v1["schema"] as? [String: Any])?["openAPIV3Schema"] as? [String: Any])

        let input = try Self.monitored()
        try #require(input.spec.hasTessera)
        let monitors = try manifests(for: input).filter { $0.kind == "ServiceMonitor" }
        #expect(monitors.map(\.metadata.name) == ["\(input.spec.name)-geth", "\(input.spec.name)-tessera"])
        var endpoints: [[String: Any]] = []
        for monitor in monitors {
            let document = try #require(try Yams.load(yaml: KubeObject.yaml([monitor])) as? [String: Any])
            var problems: [String] = []
            Self.validate(document, against: schema, at: "", problems: &problems)
            #expect(problems.isEmpty, "\(monitor.metadata.name): \(problems)")
            endpoints += ((document["spec"] as? [String: Any])?["endpoints"] as? [[String: Any]]) ?? []
        }
        // geth's exporter, and Tessera's /metrics on its plain-HTTP ThirdParty port.
        #expect(endpoints.map { "\($0["port"] ?? "") \($0["path"] ?? "")" } == ["metrics /debug/metrics/prometheus", "tm-thirdparty /metrics"])
        let document = try #require(try Yams.load(yaml: KubeObject.yaml([monitors[0]])) as? [String: Any])

        // The validator is not blind: a wrong field and a wrong type are caught.
        var spoiled = document
        var spec = spoiled["spec"] as! [String: Any]
        spec["endpoint"] = "typo"
        spec["selector"] = "not a selector"
        spoiled["spec"] = spec
        var spoiledProblems: [String] = []
        Self.validate(spoiled, against: schema, at: "", problems: &spoiledProblems)
        #expect(spoiledProblems.sorted() == [".spec.endpoint: not in the schema", ".spec.selector: expected object"])
    }

    @Test func dashboardShowsEveryNodeFact() throws {
        let input = try Self.monitored()
        let network = input.spec.name
        let objects = try manifests(for: input)
        guard case .configMap(let dashboard)? = objects.first(where: { $0.metadata.name == "\(network)-dashboard" }) else {
            Issue.record("no dashboard ConfigMap")
            return
        }
        #expect(dashboard.metadata.labels["grafana_dashboard"] == "1")
        let json = try #require(dashboard.data["\(network).json"])
        let model = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let panels = try #require(model["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        for metric in ["chain_head_block{", "p2p_peers{", "txpool_pending{", "txpool_queued{", "consensus_istanbul_core_round{", "endpoint=\"tm-thirdparty\"}"] {
            #expect(expressions.contains { $0.contains(metric) }, "no panel queries \(metric)")
        }
        #expect(expressions.allSatisfy { $0.contains("namespace=\"\(input.spec.namespace)\"") })
        // Tessera up is the scrape of Tessera's own /metrics.
        #expect(expressions.contains("up{namespace=\"\(input.spec.namespace)\",service=~\"\(input.nodes.map(\.spec.name).joined(separator: "|"))\",endpoint=\"tm-thirdparty\"}"))
        // Without monitoring, neither object is rendered.
        #expect(!(try manifests(for: try RenderFixtures.seed())).contains { $0.kind == "ServiceMonitor" || $0.metadata.name == "\(network)-dashboard" })
    }

    /// A structural-schema check: types, required keys, enums, and no field that an object
    /// schema listing properties does not declare (unless it preserves unknown fields),
    /// recursively. `metadata` is `type: object` alone, as the API server checks it.
    static func validate(_ value: Any, against schema: [String: Any], at path: String, problems: inout [String]) {
        if let values = schema["enum"] as? [Any], !values.contains(where: { "\($0)" == "\(value)" }) { problems.append("\(path): not in enum") }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return problems.append("\(path): expected object") }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path).\(key): required") }
            let properties = schema["properties"] as? [String: Any]
            let additional = schema["additionalProperties"] as? [String: Any]
            let preserves = schema["x-kubernetes-preserve-unknown-fields"] as? Bool == true
            for (key, field) in object {
                if let property = properties?[key] as? [String: Any] {
                    validate(field, against: property, at: "\(path).\(key)", problems: &problems)
                } else if let additional {
                    validate(field, against: additional, at: "\(path).\(key)", problems: &problems)
                } else if !preserves && properties != nil {
                    problems.append("\(path).\(key): not in the schema")
                }
            }
        case "array":
            guard let items = value as? [Any] else { return problems.append("\(path): expected array") }
            if let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() { validate(item, against: itemSchema, at: "\(path)[\(index)]", problems: &problems) }
            }
        case "string":
            if !(value is String) { problems.append("\(path): expected string") }
        case "integer":
            if !(value is Int) { problems.append("\(path): expected integer") }
        case "boolean":
            if !(value is Bool) { problems.append("\(path): expected boolean") }
        default:
            break
        }
    }
}
