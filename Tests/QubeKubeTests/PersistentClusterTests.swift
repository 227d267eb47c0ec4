import Foundation
import QubeCore
import QubeKube
import Testing

/// The fake cluster in `persist` mode keeps what is applied, as an API server does, so a test
/// can tell a re-run that changes nothing from one that re-applies a changed state.
@Suite struct PersistentClusterTests {
    @Test func aSecondDeployOfTheSameTreeChangesNothing() throws {
        let cluster = try FakeCluster()
        cluster.write("persist", "")
        let tree = try renderedTree(in: cluster, nodes: ["quorum-node1", "quorum-node2"])
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
        let first = cluster.changes
        #expect(first.filter { $0.kind == "StatefulSet" }.map(\.name) == ["quorum-node1", "quorum-node2"])
        #expect(first.allSatisfy { $0.created == true })

        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
        #expect(cluster.changes == first)
        try cluster.session(network()).deploy(renderedTree: tree, options: .test(dryRun: true))
        #expect(cluster.log.last == "dry run: context 'kind-a' is up to date; deploy would change nothing")
    }

    @Test func aChangedPodTemplateRollsItsStatefulSetAndShowsInTheDiff() throws {
        let cluster = try FakeCluster()
        cluster.write("persist", "")
        let tree = try renderedTree(in: cluster)
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
        let node = tree.appendingPathComponent("k8s/nodes/quorum-node1.yaml")
        let changed = try String(contentsOf: node, encoding: .utf8)
            .replacingOccurrences(of: "  replicas: 1\n", with: "  replicas: 1\n  template:\n    metadata:\n      annotations:\n        a: b\n")
        try changed.write(to: node, atomically: true, encoding: .utf8)

        try cluster.session(network()).deploy(renderedTree: tree, options: .test(dryRun: true))
        #expect(cluster.log.contains { $0.hasPrefix("diff -u -N /tmp/LIVE-1618033988/apps.v1.StatefulSet.org-a.quorum-node1") })
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
        let later = cluster.changes.dropFirst(cluster.changes.count - 1)
        #expect(later.map(\.name) == ["quorum-node1"])
        #expect(later.first?.rolled == true)
    }
}
