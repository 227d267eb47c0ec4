/// The NetworkPolicy of each node of a network (when ``NetworkSpec/networkPolicy`` is on): who
/// may reach which of the node's ports.
///
/// Each policy selects exactly one node's pod (its StatefulSet's selector) and admits:
/// - devp2p, the raft port (raft) and Tessera P2P: from any source when the node is exposed
///   (other organisations dial its external Service; a NodePort's traffic may arrive from a
///   cluster node's address), else from every pod of the cluster (other namespaces peer with it
///   by `exportExternal { inCluster = true }`);
/// - RPC, WebSocket and Tessera third-party: from the network's own pods, and ``NetworkSpec/rpcFrom``;
/// - metrics: from the network's own pods, and ``NetworkSpec/metricsFrom``; with `monitoring`
///   and Tessera, Tessera third-party too, the only port at which Tessera serves its metrics to
///   a scraper without a client certificate (``TesseraRelease/metricsPath``).
///
/// Nothing else: every other port and source is refused once a policy selects the pod.
enum NetworkPolicies {
    /// Whether `input` has policies: it has nodes, and the script leaves them on.
    static func areRendered(for input: RenderInput) -> Bool {
        input.spec.networkPolicy && !input.nodes.isEmpty
    }

    /// The policies of `input`'s nodes, in script order; none when the script turns them off.
    static func policies(for input: RenderInput) -> [NetworkPolicy] {
        guard areRendered(for: input) else { return [] }
        return input.nodes.map { policy(of: $0, in: input) }
    }

    /// The policy of one node of `input`, whose policies are rendered.
    static func policy(of record: RenderNode, in input: RenderInput) -> NetworkPolicy {
        let spec = input.spec
        let node = record.spec
        let ownPods = PeerSelector(podLabels: StandardLabels.networkPods(spec.name))
        var peering = [Ports.p2p]
        if spec.consensus == .raft { peering.append(Ports.raft) }
        if spec.hasTessera { peering.append(Ports.tesseraP2P) }
        let everyPodOfTheCluster = PeerSelector(namespaceLabels: [:])
        var rpc = [Ports.rpc, Ports.ws]
        if spec.hasTessera { rpc.append(Ports.tesseraThirdParty) }
        var metrics = [Ports.metrics]
        if spec.hasTessera && spec.monitoring { metrics.append(Ports.tesseraThirdParty) }
        return NetworkPolicy(
            metadata: ObjectMeta(
                name: ResourceNames.networkPolicy(node.name), namespace: spec.namespace,
                labels: StandardLabels.node(node.name, network: spec.name)),
            podSelector: StandardLabels.selector(node.name, network: spec.name),
            ingress: [
                NetworkPolicy.Rule(ports: peering, from: spec.exposure(of: node).isExposed ? nil : [everyPodOfTheCluster]),
                NetworkPolicy.Rule(ports: rpc, from: [ownPods] + (spec.rpcFrom.map { [$0] } ?? [])),
                NetworkPolicy.Rule(ports: metrics, from: [ownPods, spec.metricsFrom]),
            ])
    }
}
