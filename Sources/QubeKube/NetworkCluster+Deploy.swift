import Foundation
import QubeCore

/// How ``NetworkCluster/deploy(renderedTree:options:)`` runs.
public struct DeployOptions: Equatable, Sendable {
    /// Follow every StatefulSet's rollout until it is ready.
    public var wait: Bool
    /// How long the whole rollout may take when waiting.
    public var timeout: Duration
    /// Take over fields another field manager owns instead of failing on the conflict.
    public var force: Bool
    /// Change nothing: show what would change (`kubectl diff`), or the objects when the cluster
    /// cannot be reached.
    public var dryRun: Bool

    public init(wait: Bool, timeout: Duration, force: Bool, dryRun: Bool) {
        self.wait = wait
        self.timeout = timeout
        self.force = force
        self.dryRun = dryRun
    }
}

extension NetworkCluster {
    /// Applies the rendered tree `out/<network>` server-side, records what it applied in the
    /// inventory ConfigMap, and deletes what the previous deploy applied and this one does not
    /// (only objects still labelled as this network's; never volumes or Namespaces).
    public func deploy(renderedTree: URL, options: DeployOptions) throws(KubeError) {
        let manifests = try RenderedManifests(tree: renderedTree)
        let applied = Set(manifests.objects.map(\.reference))
        let stream = manifests.stream(appending: [inventoryManifest(applied)])
        if options.dryRun {
            try showDryRun(stream, objects: manifests.objects.map(\.reference))
            return
        }
        let target = try target()
        let previous = try inventory(in: target)
        log("applying \(applied.count) objects of network '\(network.spec.name)' to context '\(target.context)', namespace '\(target.namespace)'")
        report(try client.apply(stream, to: target, forceConflicts: options.force))
        let removed = previous.subtracting(applied).filter { !Self.neverPruned.contains($0.kind) }
        let pruned = try owned(removed, in: target)
        if !pruned.isEmpty {
            log("pruning \(pruned.count) objects no longer in the script: \(pruned.map(\.description).joined(separator: " "))")
            report(try client.delete(.named(pruned), in: target, dryRun: false))
        }
        if options.wait { try waitForRollouts(of: manifests.statefulSets, in: target, timeout: options.timeout) }
    }

    /// Applies only the objects of the rendered tree that `references` name, server-side,
    /// leaving the inventory and every other object alone: what a script needs from the cluster
    /// before its final deploy (the external Services whose addresses the cluster assigns).
    public func apply(only references: Set<ObjectReference>, renderedTree: URL, force: Bool) throws(KubeError) {
        var manifests = try RenderedManifests(tree: renderedTree)
        manifests.objects.removeAll { !references.contains($0.reference) }
        guard !manifests.objects.isEmpty else { return }
        let target = try target()
        let applied = manifests.objects.map(\.reference)
        log(
            "applying \(applied.map(\.description).joined(separator: " ")) of network '\(network.spec.name)' to context '\(target.context)', "
                + "namespace '\(target.namespace)', ahead of its deploy")
        report(try client.apply(manifests.stream(), to: target, forceConflicts: force))
    }

    /// Shows the diff against the cluster, or the object list when there is no cluster to ask
    /// (unreachable, or a context this machine's kubeconfig does not have).
    private func showDryRun(_ stream: Data, objects: [ObjectReference]) throws(KubeError) {
        let target: KubeTarget
        do {
            target = try self.target()
            if let diff = try client.diff(stream, against: target) {
                log("dry run: deploy would change on context '\(target.context)':")
                report(diff)
            } else {
                log("dry run: context '\(target.context)' is up to date; deploy would change nothing")
            }
        } catch .unreachable(let context, let detail) {
            log("dry run: cannot reach the cluster of context '\(context)' (\(detail)); deploy would apply:")
            report(objects.map { "\($0.description)\n" }.joined())
        } catch .unknownContext(let context, _) {
            // A script must be checkable on a machine that does not know its clusters.
            log("dry run: kube context '\(context)' is not configured here; deploy would apply:")
            report(objects.map { "\($0.description)\n" }.joined())
        }
    }

    /// Follows each StatefulSet's rollout within one overall deadline; a node not ready in time
    /// fails with the StatefulSet's status as the reason.
    private func waitForRollouts(of statefulSets: [String], in target: KubeTarget, timeout: Duration) throws(KubeError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        for name in statefulSets {
            log("waiting for node '\(name)' to be ready")
            do {
                try client.waitForRollout(
                    ofStatefulSet: ResourceNames.statefulSet(name), in: target, timeout: max(deadline - clock.now, .seconds(1)),
                    progress: log)
            } catch .rolloutIncomplete(_, _, let detail) {
                throw .rolloutFailed(context: target.context, node: name, reason: try rolloutState(of: name, in: target) ?? detail)
            }
        }
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

    /// Logs kubectl's report line by line, unless ``reportsDetail`` is off.
    func report(_ output: String) {
        guard reportsDetail else { return }
        for line in output.split(separator: "\n", omittingEmptySubsequences: true) { log(String(line)) }
    }
}
