import Foundation
import QubeCore

extension NetworkCluster {
    /// Waits for each node of `statefulSets`, in order and within one overall deadline, to be
    /// ready and in consensus (``waitForNode(_:in:deadline:above:)``), as one phase: a live line
    /// or a start line, then `deploy <network>: N nodes ready and in consensus (12s)`.
    func waitForNodes(_ statefulSets: [String], in target: KubeTarget, deadline: ContinuousClock.Instant) throws(KubeError) {
        guard !statefulSets.isEmpty else { return }
        let name = network.spec.name
        let progress = phase(
            "deploy \(name): waiting", announcement: "deploy \(name): waiting for \(counted(statefulSets.count, "node")) to be ready and in consensus")
        for (index, node) in statefulSets.enumerated() {
            try waitForNode(node, in: target, deadline: deadline, above: nil)
            progress?.update(done: index + 1, of: statefulSets.count)
        }
        progress?.finish(
            "deploy \(name): \(counted(statefulSets.count, "node")) ready and in consensus (\(PhaseProgress.duration(progress?.elapsed ?? 0)))")
    }

    /// Follows the node's rollout until its pod is ready, then polls its geth console until it
    /// is in consensus: connected to a peer, not syncing, and its chain past block `above` (or,
    /// without one, past the block it first reports), so it is sealing or receiving new blocks.
    /// Raft seals no empty blocks, so a raft node needs only the peer and no sync.
    ///
    /// A node not ready in time fails with the StatefulSet's status as the reason; one not in
    /// consensus in time with what its console showed last.
    func waitForNode(_ name: String, in target: KubeTarget, deadline: ContinuousClock.Instant, above: Int?) throws(KubeError) {
        detail("waiting for node '\(name)' to be ready and in consensus")
        do {
            try client.waitForRollout(
                ofStatefulSet: ResourceNames.statefulSet(name), in: target, timeout: max(deadline - ContinuousClock.now, .seconds(1)),
                progress: { [self] in detail($0) })
        } catch .rolloutIncomplete(_, _, let detail) {
            throw .rolloutFailed(context: target.context, node: name, reason: try rolloutState(of: name, in: target) ?? detail)
        }
        let console = GethConsole(client: client, target: target, node: name)
        let advances = network.spec.consensus != .raft
        var floor = above
        var tally = "its geth console did not answer"
        while true {
            do {
                let peers = try console.peerCount()
                let syncing = try console.isSyncing()
                let height = try console.blockNumber()
                let past = floor.map { height > $0 } ?? false
                if peers > 0, !syncing, past || !advances { return }
                tally =
                    "\(peers) peers, block \(height)" + (floor.map { past ? "" : " (not past block \($0) yet)" } ?? "")
                    + (syncing ? ", syncing" : ", not syncing")
                if floor == nil { floor = height }
            } catch .consoleUnreachable(_, _, let detail) {
                tally = "its geth console does not answer (\(detail))"
            }
            guard ContinuousClock.now < deadline else { throw .notInConsensus(context: target.context, node: name, tally: tally) }
            pause()
        }
    }

    /// Sleeps for ``consensusPollInterval`` between two looks at a node or a validator set.
    func pause() {
        let interval = consensusPollInterval.components
        Thread.sleep(forTimeInterval: Double(interval.seconds) + Double(interval.attoseconds) * 1e-18)
    }

    /// The StatefulSet's status in words: what is not yet ready.
    private func rolloutState(of node: String, in target: KubeTarget) throws(KubeError) -> String? {
        let reference = ObjectReference(kind: "StatefulSet", name: ResourceNames.statefulSet(node))
        guard let statefulSet = try client.items(StatefulSetObject.self, .named([reference]), in: target).first else {
            return "statefulset/\(reference.name) does not exist"
        }
        let status = statefulSet.status
        let wanted = status?.replicas ?? 0
        var facts = ["\(status?.readyReplicas ?? 0)/\(wanted) replicas ready", "\(status?.updatedReplicas ?? 0)/\(wanted) updated"]
        if let generation = statefulSet.metadata.generation, (status?.observedGeneration ?? 0) < generation {
            facts.append("the controller has not yet seen generation \(generation)")
        }
        if let current = status?.currentRevision, let update = status?.updateRevision, current != update {
            facts.append("rolling from revision \(current) to \(update)")
        }
        return facts.joined(separator: ", ")
    }
}
