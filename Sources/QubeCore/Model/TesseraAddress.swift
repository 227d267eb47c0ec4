/// Where a local node's Tessera tells its peers to reach it: the host and port of its P2P
/// `serverAddress`, which every peer stores the node's keys against and sends its payloads to.
///
/// Tessera advertises exactly its P2P `serverAddress`: 0.10.x `PartyInfoServiceImpl`
/// (ConsenSys/tessera@140b88de, tessera-partyinfo/.../PartyInfoServiceImpl.java) stores every
/// local key as `Recipient.of(key, advertisedUrl)` and `publishPayload` posts to that URL; newer
/// lines' `AutoDiscovery.onUpdate` (ConsenSys/tessera@acdb3180,
/// tessera-partyinfo/.../discovery/internal/AutoDiscovery.java) keeps only the caller's keys
/// whose URL equals the URL the caller advertises, whatever URL the caller was dialled at. So
/// an exposed node must advertise the address other organisations reach it at, and the peers
/// of its own cluster reach it there too.
public struct TesseraAddress: Equatable, Sendable {
    /// The host and port peers dial.
    public var endpoint: HostPort
    /// Where ``endpoint`` comes from.
    public var source: Source
    /// Whether P2P runs over TLS there (``Network/usesTesseraTLS``).
    public var tls: Bool

    /// Where an advertised address comes from.
    public enum Source: Equatable, Sendable {
        /// The node's in-cluster DNS name: the node is not exposed.
        case cluster
        /// The script: `expose.nodeIp` with the node's `tmNodePort`, or `expose.loadBalancerIP`.
        case script
        /// The address exportExternal found the cluster had assigned, recorded for render.
        case recorded
        /// Not known yet: the node is exposed, but the cluster has not assigned its address (or
        /// exportExternal has not recorded it), so it advertises its in-cluster DNS name for now.
        case pending
    }

    public init(endpoint: HostPort, source: Source, tls: Bool = false) {
        self.endpoint = endpoint
        self.source = source
        self.tls = tls
    }

    /// The URL written as the P2P `serverAddress`: `https://` when P2P runs over TLS.
    public var url: String { "\(tls ? "https" : "http")://\(endpoint)" }
}

extension Network {
    /// Where `node`'s Tessera advertises itself (``TesseraAddress``): its in-cluster DNS name
    /// when it is not exposed; else the address the script fixes (a NodePort network's `nodeIp`
    /// with the node's `tmNodePort`, a LoadBalancer's `loadBalancerIP` with the Tessera P2P
    /// port); else the address exportExternal recorded; else, until then, the in-cluster name.
    public func tesseraAddress(of node: NodeSpec) -> TesseraAddress {
        let tls = usesTesseraTLS
        let inCluster = HostPort(host: ResourceNames.serviceDNSName(node.name, namespace: spec.namespace), port: Ports.tesseraP2P)
        guard spec.exposure(of: node).isExposed else { return TesseraAddress(endpoint: inCluster, source: .cluster, tls: tls) }
        if let fixed = scriptTesseraEndpoint(of: node) { return TesseraAddress(endpoint: fixed, source: .script, tls: tls) }
        if let recorded = recordedTesseraAddresses[node.name] { return TesseraAddress(endpoint: recorded, source: .recorded, tls: tls) }
        return TesseraAddress(endpoint: inCluster, source: .pending, tls: tls)
    }

    /// The Tessera address the script fixes for an exposed `node`: a NodePort network's `nodeIp`
    /// with the node's `tmNodePort`, a LoadBalancer's `loadBalancerIP` with the P2P port; nil
    /// when the cluster assigns it (or the node is not exposed).
    func scriptTesseraEndpoint(of node: NodeSpec) -> HostPort? {
        let exposure = spec.exposure(of: node)
        switch exposure.kind {
        case .clusterIP: return nil
        case .nodePort: return exposure.nodeIP.flatMap { host in node.tesseraNodePort.map { HostPort(host: host, port: $0) } }
        case .loadBalancer: return exposure.loadBalancerIP.map { HostPort(host: $0, port: Ports.tesseraP2P) }
        }
    }
}
