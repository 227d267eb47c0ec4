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
        let node = try recordedNode1(in: cluster, tree: tree, validators: "ibft-istanbul.getValidators.txt")
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
        try changeTemplate(of: node)

        try cluster.session(network()).deploy(renderedTree: tree, options: .test(dryRun: true))
        #expect(cluster.log.contains { $0.hasPrefix("diff -u -N /tmp/LIVE-1618033988/apps.v1.StatefulSet.org-a.quorum-node1") })
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
        let later = cluster.changes.dropFirst(cluster.changes.count - 1)
        #expect(later.map(\.name) == ["quorum-node1"])
        #expect(later.first?.rolled == true)
        let changed = try String(contentsOf: node, encoding: .utf8)
        #expect(changed.contains("a: b"))
        var tail = Array(cluster.log.suffix(9))
        #expect(tail.remove(at: 5).hasPrefix("statefulset rolling update complete 1 pods at revision quorum-node1-"))
        let took = tail.remove(at: 5)
        #expect(took.hasPrefix("deploy org-a: 1 node restarted, ready and in consensus (") && took.hasSuffix("s)"), "\(took)")
        #expect(
            tail == [
                "restarting validators quorum-node1 one at a time: the chain's 3 validators (read from node 'quorum-node1') tolerate 0 down",
                "warning: a chain of 3 validators tolerates none down, so each restart pauses block production until the node is back",
                "deploy org-a: restarting 1 node whose spec changed",
                "restarting validator 'quorum-node1' at block 106",
                "waiting for node 'quorum-node1' to be ready and in consensus",
                "network 'org-a': 4 objects: 1 changed, 3 unchanged, 0 pruned",
                "  changed statefulset/quorum-node1",
            ])
    }

    @Test func aValidatorIsNotRestartedWhileTheChainHasNoRoomForItToBeDown() throws {
        let cluster = try FakeCluster()
        cluster.write("persist", "")
        let tree = try renderedTree(in: cluster)
        // Four validators (f = 1); node1's peers are two of them, so the fourth (0xd9d3…) is down.
        let node = try recordedNode1(in: cluster, tree: tree, validators: "ibft2-getValidators-4.txt")
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
        try changeTemplate(of: node)
        var session = cluster.session(try network())
        session.consensusPollInterval = .milliseconds(10)
        #expect(
            throws: KubeError.tooManyValidatorsDown(
                context: "kind-a", node: "quorum-node1",
                tally: "1 of the chain's 4 validators already down (0xd9d3c2E47d1BCB06C61bdd1C8aFeCD6dB39a4BF9), and the chain tolerates 1 down at once")
        ) {
            try session.deploy(renderedTree: tree, options: .test(timeout: .seconds(1)))
        }
        #expect(!cluster.changes.contains { $0.rolled == true })
        #expect(cluster.log.contains("restarting validators quorum-node1 one at a time: the chain's 4 validators (read from node 'quorum-node1') tolerate 1 down"))
    }

    /// Makes the tree's quorum-node1 node1 of the recorded 3-validator IBFT chain (its sealing
    /// address): its console answers that chain's recordings, `validators` for its validator
    /// set, two peers, block 106 and then 223. Returns the node's manifest file.
    private func recordedNode1(in cluster: FakeCluster, tree: URL, validators: String) throws -> URL {
        let node = tree.appendingPathComponent("k8s/nodes/quorum-node1.yaml")
        let recorded = try String(contentsOf: node, encoding: .utf8).replacingOccurrences(
            of: "  namespace: org-a\n",
            with: "  namespace: org-a\n  annotations:\n    qube.dev/validator-address: \"0x6a5eaa989092b30dd4d67006ab185b811a8759f7\"\n")
        try recorded.write(to: node, atomically: true, encoding: .utf8)
        cluster.write(
            "exec/quorum-node1-0",
            "istanbul.getValidators()\t\(validators)\nadmin.peers\tibft-admin.peers.txt\n"
                + "net.peerCount\tibft-net.peerCount.txt\neth.syncing\tibft-eth.syncing.txt\n"
                + "eth.blockNumber\tibft-eth.blockNumber.txt ibft-blockNumber-4-validators.txt\n")
        return node
    }

    /// Adds a pod template annotation to the StatefulSet in `node`: a change that restarts its pod.
    private func changeTemplate(of node: URL) throws {
        let changed = try String(contentsOf: node, encoding: .utf8)
            .replacingOccurrences(of: "  replicas: 1\n", with: "  replicas: 1\n  template:\n    metadata:\n      annotations:\n        a: b\n")
        try changed.write(to: node, atomically: true, encoding: .utf8)
    }
}
