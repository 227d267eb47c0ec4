import QubeCore

extension NetworkCluster {
    /// Deletes what the network applied: the objects in its inventory and every object carrying
    /// its qube labels. Volumes stay unless `volumes`, then the StatefulSets' PersistentVolumeClaims
    /// go too. Never touches local keys, genesis or the Namespace.
    ///
    /// With `dryRun` nothing is deleted: the same deletions run as server-side dry runs, so the
    /// report lists exactly what would go; a cluster that cannot be asked gets the selector and
    /// kinds that would be deleted instead.
    public func destroy(volumes: Bool = false, dryRun: Bool = false) throws(KubeError) {
        do {
            try delete(volumes: volumes, dryRun: dryRun)
        } catch .unreachable(let context, let detail) where dryRun {
            describeDestroy(volumes: volumes, because: "cannot reach the cluster of context '\(context)' (\(detail))")
        } catch .unknownContext(let context, _) where dryRun {
            // A script must be checkable on a machine that does not know its clusters.
            describeDestroy(volumes: volumes, because: "kube context '\(context)' is not configured here")
        }
    }

    /// Deletes, or with `dryRun` has the API server check the deletion of, what destroy removes.
    private func delete(volumes: Bool, dryRun: Bool) throws(KubeError) {
        let target = try target()
        let recorded = try inventory(in: target).filter { !Self.neverPruned.contains($0.kind) }
        let named = try owned(recorded, in: target)
        let place = "context '\(target.context)', namespace '\(target.namespace)'"
        log(dryRun ? "dry run: destroy would delete from \(place):" : "destroying network '\(network.spec.name)' on \(place)")
        if !named.isEmpty { report(try client.delete(.named(named), in: target, dryRun: dryRun)) }
        let kinds = Set(Self.renderedKinds + recorded.map { $0.kind.lowercased() }).sorted()
        report(try client.delete(.selected(resources: kinds, selector: selector), in: target, dryRun: dryRun))
        if volumes {
            report(try client.delete(.selected(resources: ["persistentvolumeclaim"], selector: selector), in: target, dryRun: dryRun))
        } else {
            log(Self.keptVolumes(dryRun: dryRun))
        }
    }

    /// What destroy would delete, for a dry run with no cluster to ask.
    private func describeDestroy(volumes: Bool, because reason: String) {
        let kinds = (Self.renderedKinds + (volumes ? ["persistentvolumeclaim"] : [])).joined(separator: ", ")
        log("dry run: \(reason); destroy would delete the objects in its inventory and every \(kinds) labelled \(selector) in namespace '\(network.spec.namespace)'")
        if !volumes { log(Self.keptVolumes(dryRun: true)) }
    }

    /// The note that the volumes stay.
    private static func keptVolumes(dryRun: Bool) -> String {
        "\(dryRun ? "would keep" : "kept") the nodes' volumes (PersistentVolumeClaims); destroy with volumes = true to delete the chain data"
    }

    /// The kinds render writes, deleted by label even when the inventory is gone.
    static let renderedKinds = ["configmap", "networkpolicy", "secret", "service", "statefulset"]
}
