import QubeCore

extension NetworkCluster {
    /// Deletes what the network applied: the objects in its inventory and every object carrying
    /// its qube labels. Volumes stay unless `volumes`, then the StatefulSets' PersistentVolumeClaims
    /// go too. Never touches local keys, genesis or the Namespace.
    public func destroy(volumes: Bool = false) throws(KubeError) {
        let target = try target()
        let recorded = try inventory(in: target).filter { !Self.neverPruned.contains($0.kind) }
        let named = try owned(recorded, in: target)
        log("destroying network '\(network.spec.name)' on context '\(target.context)', namespace '\(target.namespace)'")
        if !named.isEmpty { report(try client.delete(.named(named), in: target)) }
        let kinds = Set(Self.renderedKinds + recorded.map { $0.kind.lowercased() }).sorted()
        report(try client.delete(.selected(resources: kinds, selector: selector), in: target))
        if volumes {
            report(try client.delete(.selected(resources: ["persistentvolumeclaim"], selector: selector), in: target))
        } else {
            log("kept the nodes' volumes (PersistentVolumeClaims); destroy with volumes = true to delete the chain data")
        }
    }

    /// The kinds render writes, deleted by label even when the inventory is gone.
    static let renderedKinds = ["configmap", "secret", "service", "statefulset"]
}
