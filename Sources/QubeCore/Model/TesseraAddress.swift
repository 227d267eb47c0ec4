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

    public init(endpoint: HostPort, source: Source) {
        self.endpoint = endpoint
        self.source = source
    }

    /// The URL written as the P2P `serverAddress`.
    public var url: String { "http://\(endpoint)" }
}

extension Network {
    /// Where `node`'s Tessera advertises itself (``TesseraAddress``): its in-cluster DNS name
    /// when it is not exposed; else the address the script fixes (a NodePort network's `nodeIp`
    /// with the node's `tmNodePort`, a LoadBalancer's `loadBalancerIP` with the Tessera P2P
    /// port); else the address exportExternal recorded; else, until then, the in-cluster name.
    public func tesseraAddress(of node: NodeSpec) -> TesseraAddress {
        let exposure = spec.exposure(of: node)
        let inCluster = HostPort(host: ResourceNames.serviceDNSName(node.name, namespace: spec.namespace), port: Ports.tesseraP2P)
        switch exposure.kind {
        case .clusterIP:
            return TesseraAddress(endpoint: inCluster, source: .cluster)
        case .nodePort:
            if let host = exposure.nodeIP, let port = node.tesseraNodePort {
                return TesseraAddress(endpoint: HostPort(host: host, port: port), source: .script)
            }
        case .loadBalancer:
            if let host = exposure.loadBalancerIP {
                return TesseraAddress(endpoint: HostPort(host: host, port: Ports.tesseraP2P), source: .script)
            }
        }
        if let recorded = recordedTesseraAddresses[node.name] { return TesseraAddress(endpoint: recorded, source: .recorded) }
        return TesseraAddress(endpoint: inCluster, source: .pending)
    }
}
