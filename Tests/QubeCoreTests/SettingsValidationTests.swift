import QubeCore
import Testing

/// Settings that reach manifests and commands fail where they are set, not at render.
struct SettingsValidationTests {
    @Test(arguments: [
        (NodeSpec(name: "n1", storageSize: "5Gi\nkind: Secret"), "storage"),
        (NodeSpec(name: "n1", storageClassName: "fast\"; x"), "storageClass"),
        (NodeSpec(name: "n1", expose: Exposure(kind: .nodePort, annotations: ["a b": "x"])), "expose.annotations"),
        (NodeSpec(name: "n1", expose: Exposure(kind: .loadBalancer, loadBalancerIP: "1.2.3.4; id")), "expose.loadBalancerIP"),
        (NodeSpec(name: "n1", gethParams: "--identity \"x"), "gethParams"),
        (NodeSpec(name: "n1", rpcAPIs: ["$(id)"]), "rpcApis"),
    ])
    func addNodeRefusesABadSetting(_ node: NodeSpec, _ field: String) throws {
        var network = try Network(NetworkSpec(name: "org-a"))
        #expect {
            try network.addNode(node)
        } throws: { error in
            (error as? ValidationError)?.field == field
        }
        #expect(network.nodes.isEmpty)
    }

    @Test(arguments: ["prod\n--kubeconfig=/tmp/x", String(repeating: "c", count: 254), "", "a\u{7F}b"])
    func networkRefusesAContextThatIsNoContextName(_ context: String) {
        #expect(throws: ValidationError.self) { try Network(NetworkSpec(name: "org-a", context: context)) }
    }

    @Test func networkRefusesABadNetworkWideExposure() {
        #expect(throws: ValidationError.self) {
            try Network(NetworkSpec(name: "org-a", expose: Exposure(kind: .nodePort, annotations: ["bad key": "x"])))
        }
    }

    @Test func acceptsUsualContextNames() throws {
        for context in ["kind-a", "arn:aws:eks:eu-west-1:123456789012:cluster/prod", "gke_project_europe-west1-b_cluster", "current"] {
            _ = try Network(NetworkSpec(name: "org-a", context: context))
        }
    }
}
