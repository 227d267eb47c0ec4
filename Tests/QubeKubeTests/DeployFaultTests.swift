import Foundation
import QubeCore
import QubeKube
import Testing

/// kubectl failing part-way, hanging or answering garbage: deploy stops with a clear error, and
/// the next deploy, once the cluster answers again, completes.
struct DeployFaultTests {
    private static let applyCall = [
        "apply", "--context=kind-a", "--namespace=org-a", "--server-side", "--field-manager=qube", "-o", "json", "-f", "-",
    ]

    /// The kinds of the objects in one apply's stdin, in order.
    private func appliedKinds(_ cluster: FakeCluster, call: Int) throws -> [Substring] {
        try #require(cluster.stdin(ofCall: call)).split(separator: "\n").filter { $0.hasPrefix("kind: ") }
    }

    /// Deploys again with the fault gone and checks that everything, inventory last, was applied.
    private func nextDeployCompletes(_ cluster: FakeCluster, _ session: NetworkCluster, tree: URL) throws {
        let before = cluster.calls.count
        try session.deploy(renderedTree: tree, options: .test())
        let calls = cluster.calls
        let applyIndex = try #require(calls.indices.last { calls[$0] == Self.applyCall })
        #expect(applyIndex >= before)
        let kinds = try appliedKinds(cluster, call: applyIndex + 1)
        #expect(kinds.count == 5)
        #expect(kinds.last == "kind: ConfigMap")
    }

    @Test func applyFailingPartWayIsAClearErrorAndLeavesTheInventoryForTheNextDeploy() throws {
        let cluster = try FakeCluster()
        let tree = try renderedTree(in: cluster)
        let session = cluster.session(try network())
        cluster.write("apply-fail-after", "2")
        #expect {
            try session.deploy(renderedTree: tree, options: .test())
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("context 'kind-a': ") && text.contains("client connection lost")
        }
        // The inventory is the last object of the stream, so a half-done apply never records
        // objects as deployed that were not.
        let failed = try #require(cluster.calls.firstIndex(of: Self.applyCall))
        #expect(try appliedKinds(cluster, call: failed + 1).last == "kind: ConfigMap")
        try FileManager.default.removeItem(at: cluster.root.appendingPathComponent("scenario/apply-fail-after"))
        try nextDeployCompletes(cluster, session, tree: tree)
    }

    @Test func hangingApplyTimesOutWithAClearError() throws {
        let cluster = try FakeCluster()
        let tree = try renderedTree(in: cluster)
        let impatient = Kubectl(executable: cluster.kubectl.executable, callTimeout: .seconds(1))
        let session = NetworkCluster(network: try network(), client: impatient) { _ in }
        cluster.write("apply-hang", "30")
        #expect(throws: KubeError.kubectlFailed("kubectl apply --context=kind-a did not finish within 1.0 seconds")) {
            try session.deploy(renderedTree: tree, options: .test())
        }
        try FileManager.default.removeItem(at: cluster.root.appendingPathComponent("scenario/apply-hang"))
        try nextDeployCompletes(cluster, cluster.session(try network()), tree: tree)
    }

    /// A stuck exec credential plugin (kubectl's child, holding kubectl's stderr open) is
    /// stopped with kubectl at the timeout; left running, it would keep the call waiting for the
    /// two minutes it sleeps.
    @Test func hangingCredentialPluginIsStoppedWithKubectl() throws {
        let cluster = try FakeCluster()
        let tree = try renderedTree(in: cluster)
        let impatient = Kubectl(executable: cluster.kubectl.executable, callTimeout: .seconds(1))
        let session = NetworkCluster(network: try network(), client: impatient) { _ in }
        cluster.write("credential-plugin-hang", "120")
        let started = ContinuousClock.now
        #expect {
            try session.deploy(renderedTree: tree, options: .test())
        } throws: { error in
            guard case .kubectlFailed(let message)? = error as? KubeError else { return false }
            return message.hasPrefix("kubectl ") && message.hasSuffix(" --context=kind-a did not finish within 1.0 seconds")
        }
        #expect(ContinuousClock.now - started < .seconds(60), "the call returned long before the plugin would have ended")
        try FileManager.default.removeItem(at: cluster.root.appendingPathComponent("scenario/credential-plugin-hang"))
        try nextDeployCompletes(cluster, cluster.session(try network()), tree: tree)
    }

    @Test func garbageInsteadOfJSONIsAClearError() throws {
        let cluster = try FakeCluster()
        let tree = try renderedTree(in: cluster)
        let session = cluster.session(try network())
        cluster.write("garbage", "<html><body>502 Bad Gateway</body></html>\n\u{1B}[31m\u{0}")
        #expect {
            try session.deploy(renderedTree: tree, options: .test())
        } throws: { error in
            guard case .unreadableOutput(let context, _, _)? = error as? KubeError else { return false }
            return context == "kind-a"
        }
        #expect(!cluster.calls.contains(Self.applyCall), "nothing is applied when the inventory cannot be read")
        try FileManager.default.removeItem(at: cluster.root.appendingPathComponent("scenario/garbage"))
        try nextDeployCompletes(cluster, session, tree: tree)
    }
}
