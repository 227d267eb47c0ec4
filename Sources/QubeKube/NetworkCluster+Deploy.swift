import Foundation
import QubeCore

/// How ``NetworkCluster/deploy(renderedTree:options:)`` runs.
public struct DeployOptions: Equatable, Sendable {
    /// Follow every StatefulSet's rollout until each node is ready and in consensus.
    public var wait: Bool
    /// How long the whole rollout may take: the wait, and the restarts of StatefulSets whose
    /// spec changed (deploy always waits for those, one validator at a time).
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
    ///
    /// Nothing restarts that need not: a server-side apply of unchanged content changes nothing,
    /// and a peer-list change reaches the running nodes live (``updateLivePeers``). StatefulSets
    /// whose spec changes (the API server's dry run says which) are applied after everything
    /// else: members together, validators one at a time, each back in consensus before the next
    /// and never more down than the chain tolerates (``roll(_:of:bound:starting:in:options:deadline:)``). The summary counts
    /// changed, unchanged and pruned objects from the API server's answers.
    public func deploy(renderedTree: URL, options: DeployOptions) throws(KubeError) {
        var manifests = try RenderedManifests(tree: renderedTree)
        let references = manifests.objects.map(\.reference)
        let applied = Set(references)
        if options.dryRun {
            try showDryRun(manifests)
            return
        }
        let target = try target()
        let previous = try inventory(in: target)
        let live = try liveObjects(references, in: target)
        log("applying \(applied.count) objects of network '\(network.spec.name)' to context '\(target.context)', namespace '\(target.namespace)'")
        if let peers = live.peers { try warnOfMovedRaftAddresses(manifests, previous: peers, in: target) }
        let restarting = try changingStatefulSets(manifests, live: live, in: target, force: options.force)
        let voting = Set(localNodes.filter(isVoting).map { ResourceNames.statefulSet($0.name) })
        let restartingValidators = restarting.filter { voting.contains($0.reference.name) }.map(\.reference.name)
        let liveBound = boundDisruptionBudget(&manifests, live: live, in: target)
        var bound = restartingValidators.isEmpty ? nil : liveBound
        if bound == nil, !restartingValidators.isEmpty { bound = try genesisChainBound(tree: renderedTree) }
        if let bound {
            log(
                "restarting validators \(restartingValidators.joined(separator: ", ")) one at a time: the chain's \(bound.size) \(bound.noun) "
                    + "(read from \(bound.source)) tolerate \(bound.tolerance) down")
            if bound.tolerance == 0 {
                warn("a chain of \(bound.size) \(bound.noun) tolerates none down, so each restart pauses block production until the node is back")
            }
        }
        let deadline = ContinuousClock.now + options.timeout

        let restartingNames = Set(restarting.map(\.reference.name))
        let first = manifests.objects.filter { $0.reference.kind != "StatefulSet" || !restartingNames.contains($0.reference.name) }
        var answers = try client.applied(
            RenderedManifests.stream(of: first, appending: [inventoryManifest(applied)]), to: target, forceConflicts: options.force)
        let peersVersion = answers.last { $0.reference == peersReference }?.metadata.resourceVersion
        if let peers = live.peers, peersVersion != live.versions[peersReference]?.metadata.resourceVersion {
            let running = localNodes.map(\.name).filter { live.versions[statefulSetReference($0)] != nil && !restartingNames.contains($0) }
            try updateLivePeers(manifests, previous: peers, nodes: running, in: target)
        }
        // A StatefulSet of no replicas ran no pod (a raft joiner awaiting its ID): its node starts for the first time.
        let starting = Set(restarting.filter { live.versions[$0.reference]?.spec?.replicas == 0 }.map(\.reference.name))
        answers += try roll(restarting, of: manifests, bound: bound, starting: starting, in: target, options: options, deadline: deadline)

        let removed = previous.subtracting(applied).filter { !Self.neverPruned.contains($0.kind) }
        let pruned = try owned(removed, in: target)
        if !pruned.isEmpty { _ = try client.delete(.named(pruned), in: target, dryRun: false) }
        logSummary(DeploySummary(objects: references, before: live.versions, after: answers, pruned: pruned))
        if options.wait {
            try waitForNodes(manifests.statefulSets.filter { !restartingNames.contains($0) }, in: target, deadline: deadline)
        }
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
        _ = try client.applied(manifests.stream(), to: target, forceConflicts: force)
    }

    /// The network's local nodes, in script order.
    var localNodes: [NodeSpec] { network.nodes }

    /// The reference of a node's StatefulSet.
    func statefulSetReference(_ node: String) -> ObjectReference {
        ObjectReference(kind: "StatefulSet", name: ResourceNames.statefulSet(node))
    }

    /// The peers ConfigMap's reference.
    var peersReference: ObjectReference { ObjectReference(kind: "ConfigMap", name: ResourceNames.peersConfigMap(network.spec.name)) }

    /// What the cluster holds of `references` before the apply: each object's version, and the
    /// peer list the running nodes started from or were last given.
    private func liveObjects(_ references: [ObjectReference], in target: KubeTarget) throws(KubeError) -> LiveObjects {
        guard !references.isEmpty, let json = try client.getJSON(.named(references.sorted()), in: target) else {
            return LiveObjects(versions: [:], peers: nil, disruptionBudget: nil)
        }
        let versions: [ObjectVersion] = try decodeItems(json, context: target.context, action: "get the network's objects")
        let maps: [ConfigMapObject] = try decodeItems(json, context: target.context, action: "get the network's objects")
        let budgets: [DisruptionBudgetObject] = try decodeItems(json, context: target.context, action: "get the network's objects")
        let peers = zip(versions, maps).first { $0.0.reference == peersReference }?.1.data?[ChainFileNames.staticNodes]
        let budget = budgets.first { ObjectReference(kind: $0.kind, name: $0.metadata.name) == disruptionBudgetReference }?.maxUnavailable
        return LiveObjects(versions: Dictionary(versions.map { ($0.reference, $0) }) { a, _ in a }, peers: peers, disruptionBudget: budget)
    }

    /// The StatefulSets already in the cluster whose spec this apply changes, as the API
    /// server's dry run of the apply answers (their generation moves): their pods restart.
    private func changingStatefulSets(
        _ manifests: RenderedManifests, live: LiveObjects, in target: KubeTarget, force: Bool
    ) throws(KubeError) -> [RenderedManifests.Object] {
        let existing = manifests.objects.filter { $0.reference.kind == "StatefulSet" && live.versions[$0.reference] != nil }
        guard !existing.isEmpty else { return [] }
        let answers = try client.applied(RenderedManifests.stream(of: existing), to: target, forceConflicts: force, dryRun: true)
        let changing = Set(
            answers.filter { answer in answer.metadata.generation != live.versions[answer.reference]?.metadata.generation }.map(\.reference))
        return existing.filter { changing.contains($0.reference) }
    }

    /// Shows the diff against the cluster and its summary, or the object list when there is no
    /// cluster to ask (unreachable, or a context this machine's kubeconfig does not have).
    private func showDryRun(_ rendered: RenderedManifests) throws(KubeError) {
        var manifests = rendered
        let objects = manifests.objects.map(\.reference)
        let target: KubeTarget
        do {
            target = try self.target()
            if manifests.object(disruptionBudgetReference) != nil {
                _ = boundDisruptionBudget(&manifests, live: try liveObjects(objects, in: target), in: target)
            }
            let stream = manifests.stream(appending: [inventoryManifest(Set(objects))])
            let diff = try client.diff(stream, against: target)
            let removed = try inventory(in: target).subtracting(objects).filter { !Self.neverPruned.contains($0.kind) }
            let summary = DeploySummary(objects: objects, diff: diff ?? "", namespace: target.namespace, pruned: try owned(removed, in: target))
            if let diff {
                log("dry run: deploy would change on context '\(target.context)':")
                report(diff)
            } else if summary.pruned.isEmpty {
                log("dry run: context '\(target.context)' is up to date; deploy would change nothing")
                return
            }
            logSummary(summary, prefix: "dry run: ")
        } catch .unreachable(let context, let detail) {
            log("dry run: cannot reach the cluster of context '\(context)' (\(detail)); deploy would apply:")
            report(objects.map { "\($0.description)\n" }.joined())
        } catch .unknownContext(let context, _) {
            // A script must be checkable on a machine that does not know its clusters.
            log("dry run: kube context '\(context)' is not configured here; deploy would apply:")
            report(objects.map { "\($0.description)\n" }.joined())
        }
    }

    /// Logs the summary line and, under it, each changed and pruned object.
    private func logSummary(_ summary: DeploySummary, prefix: String = "") {
        log(prefix + "network '\(network.spec.name)': " + summary.headline)
        report(summary.details(itemizingCreation: verbosity == .verbose).map { $0 + "\n" }.joined())
    }

    /// Logs kubectl's report line by line, unless quiet.
    func report(_ output: String) {
        for line in output.split(separator: "\n", omittingEmptySubsequences: true) { log(String(line)) }
    }
}

/// What the cluster held of a network's objects before a deploy.
struct LiveObjects {
    var versions: [ObjectReference: ObjectVersion]
    /// static-nodes.json as the peers ConfigMap held it; nil when there was none.
    var peers: String?
    /// The validators' PodDisruptionBudget's `maxUnavailable`; nil when there was none.
    var disruptionBudget: Int?
}
